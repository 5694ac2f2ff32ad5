package io.buddybork.hub.dashboard;

import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The dashboard's read API: device overview and the recent segments of the live chart. */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class DashboardResource {

    @Inject
    DashboardService dashboard;

    @GET
    @Path("/devices")
    public List<DeviceStatus> devices() {
        return dashboard.devices();
    }

    /**
     * {@code GET /api/v1/dashboard/recent-segments?seconds=600}: segments of the last {@code seconds}
     * (default 600, at most a day), oldest first, to fill the live chart before the feed takes over.
     */
    @GET
    @Path("/recent-segments")
    public List<RecentSegment> recentSegments(@QueryParam("seconds") @DefaultValue("600") int seconds) {
        return dashboard.recentSegments(seconds);
    }
}
