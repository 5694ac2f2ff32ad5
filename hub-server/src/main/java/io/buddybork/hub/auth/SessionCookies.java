package io.buddybork.hub.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes and clears the cookies of a web session: Quarkus' encrypted form-login cookie and our
 * session-version cookie; writes the device cookie of a browser that signed in. All HttpOnly,
 * SameSite=Strict, path / (the device cookie: /login), Secure when the request came over HTTPS
 * (directly or, behind the proxy, per X-Forwarded-Proto).
 */
@ApplicationScoped
public class SessionCookies {

    /** Name of the cookie binding a session to the user's session version. */
    public static final String VERSION_COOKIE = "buddybork-sv";

    /**
     * Name of the device cookie: a browser that signed in before, for the login throttle. Sent to
     * {@code /login} only, and kept across logouts (it proves nothing but an earlier sign-in).
     */
    public static final String DEVICE_COOKIE = "buddybork-device";

    private final String sessionCookie;

    SessionCookies(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name") String sessionCookie) {
        this.sessionCookie = sessionCookie;
    }

    /** Name of the encrypted form-login cookie. */
    public String sessionCookieName() {
        return sessionCookie;
    }

    /** Sets the session-version cookie on the response. */
    public void writeVersion(RoutingContext rc, String value) {
        rc.response().addCookie(base(rc, Cookie.cookie(VERSION_COOKIE, value)));
    }

    /** Sets the device cookie on the response, for {@code maxAge}. */
    public void writeDevice(RoutingContext rc, String value, java.time.Duration maxAge) {
        rc.response()
                .addCookie(base(rc, Cookie.cookie(DEVICE_COOKIE, value))
                        .setPath("/login")
                        .setMaxAge(maxAge.toSeconds()));
    }

    /** Expires both session cookies in the browser. */
    public void clear(RoutingContext rc) {
        rc.response().addCookie(base(rc, Cookie.cookie(VERSION_COOKIE, "")).setMaxAge(0));
        rc.response().addCookie(base(rc, Cookie.cookie(sessionCookie, "")).setMaxAge(0));
    }

    private static Cookie base(RoutingContext rc, Cookie c) {
        return c.setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(rc.request().isSSL());
    }
}
