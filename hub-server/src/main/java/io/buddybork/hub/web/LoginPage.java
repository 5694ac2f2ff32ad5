package io.buddybork.hub.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The sign-in page. The form posts {@code username} and {@code password} to {@code /login}, where
 * Quarkus form authentication (guarded by our throttling and Origin check) takes over and
 * redirects: back to the page first asked for, or to {@code /login?error=1}.
 */
@Path("/login")
@PermitAll
public class LoginPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(PageContext ctx, String error, String notice);
    }

    @Inject
    CurrentIdentityAssociation identities;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> show(@QueryParam("error") String error, @QueryParam("loggedOut") String loggedOut) {
        // An ended session must still see the login page, not an error: treat failures as anonymous.
        return identities.getDeferredIdentity().onFailure().recoverWithNull().map(identity -> {
            if (identity != null && !identity.isAnonymous()) {
                return Response.seeOther(URI.create("/")).build();
            }
            String message = error == null ? null : "Wrong user name or password.";
            String notice = loggedOut == null ? null : "You are signed out.";
            return Response.ok(Templates.login(PageContext.anonymous("login", "Sign in"), message, notice)
                            .render())
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .build();
        });
    }

    /** The login page showing {@code message} as the reason a login was refused (429, 403). */
    public static String refusal(String message) {
        return Templates.login(PageContext.anonymous("login", "Sign in"), message, null)
                .render();
    }
}
