package io.buddybork.hub.away;

import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Reason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/away}: away mode (the "I'm away" button) and its weekly schedule. */
@Path("/api/v1/away")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "away", description = "Away mode: the owner is away (button, schedule, presence topic)")
public class AwayResource {

    @Inject
    AwayService away;

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    /**
     * A change of away mode: {@code away} switches it as the button does, {@code schedule} replaces the
     * weekly windows; either may be absent.
     */
    public record Change(Boolean away, AwaySchedule schedule) {}

    @GET
    @Operation(summary = "Away mode, its schedule and the last absence")
    @APIResponse(responseCode = "200", description = "the state")
    public AwayState get() {
        return away.state();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Switch away mode or replace its schedule",
            description =
                    "`{\"away\": true}` is the \"I'm away\" button (source `button`); `{\"schedule\": {\"windows\":"
                            + " [{\"days\": [\"MONDAY\"], \"from\": \"08:00\", \"to\": \"17:00\"}]}}` replaces the weekly windows"
                            + " (local times of the hub's zone; `to` not after `from` ends the next day). The schedule acts"
                            + " when a window starts or ends, not when it is saved.")
    @APIResponse(
            responseCode = "400",
            description = "`missing-field`: no body; `invalid-schedule`: a window without days or with bad times")
    @APIResponse(responseCode = "403", description = "`forbidden`: a viewer tried to change the schedule (admins only)")
    @APIResponse(responseCode = "200", description = "the state afterwards")
    public AwayState put(
            @NotNull(message = "a body with away and/or schedule is required", payload = Reason.MissingField.class)
                    Change change) {
        AwayState state = null;
        if (change.schedule() != null && !identity.hasRole(Roles.ADMIN)) {
            // everyone in the household may press "I'm away"; the schedule is the admin's setting
            throw new io.quarkus.security.ForbiddenException("only admins change the away schedule");
        }
        if (change.schedule() != null) {
            state = away.schedule(change.schedule());
        }
        if (change.away() != null) {
            state = away.set(change.away(), "button");
        }
        return state == null ? away.state() : state;
    }
}
