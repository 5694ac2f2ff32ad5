package io.buddybork.hub.auth;

import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Everything the hub relies on from Quarkus beyond its documented API, in one place, checked
 * against <b>Quarkus 3.33.2</b>; {@code QuarkusSecurityInternalsTest} fails, naming this class, when
 * an upgrade changes any of it. Names Quarkus exposes as configuration are read from there.
 *
 * <ol>
 *   <li>{@link #challenge}: Quarkus keeps the request's {@link HttpAuthenticator} in the routing
 *       context under its class name. With lazy authentication ({@code quarkus.http.auth.proactive=false})
 *       a page refused inside the REST layer must still get the mechanisms' challenge (the redirect
 *       to /login), and there is no public way to ask for it.
 *   <li>{@link #rememberPageAskedFor}: the form mechanism returns to the page first asked for by
 *       reading the cookie named by {@code quarkus.http.auth.form.location-cookie}, holding the
 *       page's absolute URI. {@link ApiChallengeMechanism} answers page challenges itself (so API
 *       calls never get a redirect and pages never a basic-auth dialog), so it writes that cookie
 *       as the form mechanism would.
 *   <li>{@link #formField}: a {@code @ServerRequestFilter} can read a form field (the CSRF token of
 *       HTML forms) only through RESTEasy Reactive's implementation class of the request context.
 *   <li>Not in this class because only tests need it: the format of the encrypted form-login
 *       cookie ({@code quarkus.http.auth.form.cookie-name}), which tests read and forge to check
 *       the idle timeout; it lives in {@code QuarkusSecurityInternalsTest}, next to its check.
 * </ol>
 *
 * The database's "acquisition timeout" (an Agroal message, not Quarkus security) is pinned the same
 * way in {@code problem/DatabaseFailures}, which sits below this package. Thread-safe (stateless).
 */
@ApplicationScoped
public class QuarkusSecurityInternals {

    /** The Quarkus version every piece of this class was checked against. */
    public static final String CHECKED_AGAINST = "3.33.2";

    private final String locationCookie;

    QuarkusSecurityInternals(
            @ConfigProperty(name = "quarkus.http.auth.form.location-cookie", defaultValue = "quarkus-redirect-location")
                    String locationCookie) {
        this.locationCookie = locationCookie;
    }

    /**
     * The challenge the configured mechanisms would send for this request (for pages: the redirect
     * to the login page), or a null item when Quarkus did not leave its authenticator in {@code rc}.
     */
    public static Uni<ChallengeData> challenge(RoutingContext rc) {
        HttpAuthenticator authenticator = rc == null ? null : rc.get(HttpAuthenticator.class.getName());
        return authenticator == null ? Uni.createFrom().nullItem() : authenticator.getChallenge(rc);
    }

    /** Name of the cookie the form mechanism reads to return to the page first asked for. */
    public String locationCookie() {
        return locationCookie;
    }

    /** Remembers the page of this request so that a successful form login returns to it. */
    public void rememberPageAskedFor(RoutingContext rc) {
        rc.response()
                .addCookie(Cookie.cookie(locationCookie, rc.request().absoluteURI())
                        .setPath("/")
                        .setSameSite(CookieSameSite.STRICT)
                        .setHttpOnly(true)
                        .setSecure(rc.request().isSSL()));
    }

    /** The form field {@code name} of a form request read by a {@code @WithFormRead} filter, or null. */
    public static String formField(ResteasyReactiveContainerRequestContext ctx, String name) {
        Object field =
                ((ResteasyReactiveRequestContext) ctx.getServerRequestContext()).getFormParameter(name, true, false);
        return field == null ? null : field.toString();
    }
}
