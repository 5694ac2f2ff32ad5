package io.buddybork.hub.auth;

import io.buddybork.model.wire.ApiProblem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * CSRF protection for every state-changing call made with the browser session cookie: the
 * request must carry the session's token in the {@code X-CSRF-TOKEN} header (page scripts) or the
 * {@code csrf-token} form field (HTML forms). Calls authenticated by HTTP basic or a device token
 * cannot be forged by another site and are not checked. The token is an HMAC of the user name and
 * session version, so it needs no server state and dies with the session.
 */
public class CsrfFilter {

    /** Header carrying the token on script calls. */
    public static final String HEADER = "X-CSRF-TOKEN";
    /** Form field carrying the token on HTML forms. */
    public static final String FORM_FIELD = "csrf-token";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    SessionSecrets secrets;

    @ServerRequestFilter
    @WithFormRead
    public Uni<Response> filter(ResteasyReactiveContainerRequestContext ctx) {
        if (SAFE.contains(ctx.getMethod())) {
            return Uni.createFrom().nullItem();
        }
        // An unauthenticated request fails later with 401/403; only session-cookie calls are checked here.
        return identities
                .getDeferredIdentity()
                .onFailure()
                .recoverWithNull()
                .map(identity -> identity == null || identity.isAnonymous() || !SessionAttributes.viaSession(identity)
                        ? null
                        : check(ctx, identity));
    }

    private Response check(ResteasyReactiveContainerRequestContext ctx, SecurityIdentity identity) {
        String token = ctx.getHeaderString(HEADER);
        if (token == null && isForm(ctx.getMediaType())) {
            token = QuarkusSecurityInternals.formField(ctx, FORM_FIELD);
        }
        String user = identity.getPrincipal().getName();
        if (token == null) {
            return problem(
                    "csrf-token-missing", "This request needs the page's CSRF token; reload the page and try again.");
        }
        if (!secrets.csrfMatches(user, SessionAttributes.sessionVersion(identity), token)) {
            return problem(
                    "csrf-token-invalid", "The CSRF token does not match this session; reload the page and try again.");
        }
        return null;
    }

    private static boolean isForm(MediaType type) {
        return type != null
                && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                        || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
    }

    private static Response problem(String code, String detail) {
        return Response.status(403)
                .type("application/problem+json")
                .entity(ApiProblem.of(403, code, "Forbidden", detail))
                .build();
    }
}
