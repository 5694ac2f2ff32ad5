package io.buddybork.hub.dashboard;

import io.buddybork.hub.user.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
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

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The live feed (server-sent events)",
            description = "JSON events: `segment` (a stored segment), `capture` (a capture switch), `detection` (a"
                    + " detection of the active model) and `ping` every 20 s. docs/api.md describes each. Streams"
                    + " are capped per user (`buddybork.live.max-streams-per-user`, 8) and in all"
                    + " (`buddybork.live.max-streams`, 64); a client that falls `buddybork.live.buffer-events`"
                    + " (256) events behind is disconnected.")
    @APIResponse(
            responseCode = "200",
            description = "a text/event-stream of JSON events",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = LiveMessage.class)))
    @APIResponse(
            responseCode = "429",
            description = "`too-many-streams`: this user or the hub has the most streams open (Retry-After)")
    public Multi<LiveMessage> live(@Context RoutingContext rc) {
        String user = identity.getPrincipal().getName().toLowerCase(Locale.ROOT);
        // reset() closes an HTTP/1.1 connection (an HTTP/2 stream): the unread events go with it
        LiveFeed.Booked booked = feed.open(user, () -> rc.response().reset());
        rc.addEndHandler(ended -> booked.release().run());
        return booked.events();
    }
}
