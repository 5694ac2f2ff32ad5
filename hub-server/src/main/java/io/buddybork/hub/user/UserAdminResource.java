package io.buddybork.hub.user;

import io.buddybork.hub.validation.Reason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Admin user management under {@code /api/v1/users}, a thin layer over {@link UserService}, which
 * owns the rules (password strength, last admin, sessions ended on every change).
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "users", description = "User administration (admins); every change ends the user's sessions")
public class UserAdminResource {
    private static final String UNKNOWN_USER = "`unknown-user`: no user with this name";
    private static final String LAST_ADMIN = "`last-admin`: the last enabled admin cannot be demoted or disabled";

    /** {@code {"username","password","role"}}. */
    public record NewUser(String username, String password, String role) {}

    /** {@code {"password"}}. */
    public record Password(String password) {}

    /** {@code {"role"}}. */
    public record Role(String role) {}

    /** {@code {"enabled"}}. */
    public record Enabled(
            @NotNull(message = "enabled (true or false) is required", payload = Reason.MissingField.class)
            Boolean enabled) {}

    /** Reason and detail of a change without its JSON body. */
    private static final String MISSING_BODY = "a JSON body is required";

    @Inject
    UserService users;

    @GET
    @Operation(summary = "List users")
    public List<UserView> list() {
        return users.list();
    }

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create a user", description = "role defaults to viewer.")
    @APIResponseSchema(value = UserView.class, responseCode = "201", responseDescription = "the new user")
    @APIResponse(
            responseCode = "400",
            description = "`missing-body`; `invalid-username`: not 1 to 64 letters, digits or _ . @ -; `weak-password`:"
                    + " under 10 characters; `password-too-long`: over 72 bytes; `invalid-role`")
    @APIResponse(responseCode = "409", description = "`user-exists`: user names are not case-sensitive")
    public UserView create(@NotNull(message = MISSING_BODY, payload = Reason.MissingBody.class) NewUser body) {
        return users.createUser(body.username(), body.password(), body.role() == null ? Roles.VIEWER : body.role());
    }

    @PUT
    @Path("/{username}/password")
    @Operation(summary = "Set a user's password")
    @APIResponse(responseCode = "400", description = "`missing-body`; `weak-password`; `password-too-long`")
    @APIResponse(responseCode = "404", description = UNKNOWN_USER)
    @APIResponse(responseCode = "200", description = "the user")
    public UserView password(
            @PathParam("username") String username,
            @NotNull(message = MISSING_BODY, payload = Reason.MissingBody.class) Password body) {
        return users.setPassword(username, body.password());
    }

    @PUT
    @Path("/{username}/role")
    @Operation(summary = "Set a user's role")
    @APIResponse(responseCode = "400", description = "`missing-body`; `invalid-role`: not admin or viewer")
    @APIResponse(responseCode = "404", description = UNKNOWN_USER)
    @APIResponse(responseCode = "409", description = LAST_ADMIN)
    @APIResponse(responseCode = "200", description = "the user")
    public UserView role(
            @PathParam("username") String username,
            @NotNull(message = MISSING_BODY, payload = Reason.MissingBody.class) Role body) {
        return users.setRole(username, body.role());
    }

    @PUT
    @Path("/{username}/enabled")
    @Operation(summary = "Enable or disable a user")
    @APIResponse(responseCode = "400", description = "`missing-body`; `missing-field`: no enabled")
    @APIResponse(responseCode = "404", description = UNKNOWN_USER)
    @APIResponse(responseCode = "409", description = LAST_ADMIN)
    @APIResponse(responseCode = "200", description = "the user")
    public UserView enabled(
            @PathParam("username") String username,
            @NotNull(message = MISSING_BODY, payload = Reason.MissingBody.class) @Valid Enabled body) {
        return users.setEnabled(username, body.enabled());
    }

    @POST
    @Path("/{username}/logout")
    @Operation(summary = "End every session of a user")
    @APIResponse(responseCode = "404", description = UNKNOWN_USER)
    @APIResponse(responseCode = "200", description = "the user with its new session version")
    public UserView logoutEverywhere(@PathParam("username") String username) {
        return users.bumpSessionVersion(username);
    }
}
