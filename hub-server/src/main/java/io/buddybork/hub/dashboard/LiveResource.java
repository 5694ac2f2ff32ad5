package io.buddybork.hub.dashboard;

import io.buddybork.hub.user.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /api/v1/live}: server-sent events of the live dashboard ({@link LiveMessage}s as JSON). */
@Path("/api/v1/live")
@RolesAllowed(Roles.VIEWER)
public class LiveResource {

    @Inject
    LiveFeed feed;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<LiveMessage> live() {
        return feed.stream();
    }
}
