package io.buddybork.hub.user;

import io.buddybork.hub.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Admin user management under {@code /api/v1/users}, a thin layer over {@link UserService}, which
 * owns the rules (password strength, last admin, sessions ended on every change).
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UserAdminResource {

    /** {@code {"username","password","role"}}. */
    public record NewUser(String username, String password, String role) {}

    /** {@code {"password"}}. */
    public record Password(String password) {}

    /** {@code {"role"}}. */
    public record Role(String role) {}

    /** {@code {"enabled"}}. */
    public record Enabled(Boolean enabled) {}

    @Inject
    UserService users;

    @GET
    public List<UserView> list() {
        return users.list();
    }

    @POST
    @ResponseStatus(201)
    public UserView create(NewUser body) {
        NewUser b = require(body);
        return users.createUser(b.username(), b.password(), b.role() == null ? Roles.VIEWER : b.role());
    }

    @PUT
    @Path("/{username}/password")
    public UserView password(@PathParam("username") String username, Password body) {
        return users.setPassword(username, require(body).password());
    }

    @PUT
    @Path("/{username}/role")
    public UserView role(@PathParam("username") String username, Role body) {
        return users.setRole(username, require(body).role());
    }

    @PUT
    @Path("/{username}/enabled")
    public UserView enabled(@PathParam("username") String username, Enabled body) {
        if (require(body).enabled() == null) {
            throw ProblemException.badRequest("missing-field", "enabled (true or false) is required");
        }
        return users.setEnabled(username, body.enabled());
    }

    @POST
    @Path("/{username}/logout")
    public UserView logoutEverywhere(@PathParam("username") String username) {
        return users.bumpSessionVersion(username);
    }

    private static <T> T require(T body) {
        if (body == null) {
            throw ProblemException.badRequest("missing-body", "a JSON body is required");
        }
        return body;
    }
}
