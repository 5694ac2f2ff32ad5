package io.buddybork.hub.dashboard;

import io.buddybork.hub.user.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /api/v1/live}: server-sent events of the live dashboard ({@link LiveMessage}s as JSON). */
@Path("/api/v1/live")
@RolesAllowed(Roles.VIEWER)
@Tag(name = "dashboard", description = "The dashboard's device overview, recent segments and live feed")
public class LiveResource {

    @Inject
    LiveFeed feed;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The live feed (server-sent events)",
            description = "JSON events: `segment` (a stored segment), `capture` (a capture switch), `detection` (a"
                    + " detection of the active model) and `ping` every 20 s. docs/api.md describes each.")
    @APIResponse(
            responseCode = "200",
            description = "a text/event-stream of JSON events",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = LiveMessage.class)))
    public Multi<LiveMessage> live() {
        return feed.stream();
    }
}
