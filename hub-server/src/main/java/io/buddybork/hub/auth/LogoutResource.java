package io.buddybork.hub.auth;

import io.buddybork.hub.user.UserService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * {@code POST /logout} (form with the CSRF token): ends every session of the user at once by
 * moving their session version on, expires the cookies and redirects to the login page.
 */
@Path("/logout")
@Authenticated
public class LogoutResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    UserService users;

    @Inject
    SessionCookies cookies;

    @Inject
    RoutingContext rc;

    @POST
    public Response logout() {
        users.bumpSessionVersion(identity.getPrincipal().getName());
        cookies.clear(rc);
        return Response.seeOther(URI.create("/login?loggedOut=1")).build();
    }
}
