package io.buddybork.hub.time;

import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/hub}: the hub's time zone, in which the API's days are counted, and today. */
@Path("/api/v1/hub")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "hub", description = "The hub itself: its time zone, whose days the API counts")
public class HubTimeResource {

    @Inject
    HubZone zone;

    @GET
    @Operation(
            summary = "The hub's time zone and today",
            description = "Days (`YYYY-MM-DD`) in the API are local days of this zone (buddybork.time-zone);"
                    + " times stay UTC epoch milliseconds.")
    @APIResponse(responseCode = "200", description = "the zone, today's date and today's bounds in epoch ms")
    public HubTime hub() {
        return HubTime.of(zone);
    }
}
