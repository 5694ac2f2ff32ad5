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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The dashboard's read API: device overview and the recent segments of the live chart. */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "dashboard", description = "The dashboard's device overview, recent segments and live feed")
public class DashboardResource {

    @Inject
    DashboardService dashboard;

    @GET
    @Path("/devices")
    @Operation(summary = "Every device with online state and today's and the last hour's segments")
    public List<DeviceStatus> devices() {
        return dashboard.devices();
    }

    /**
     * {@code GET /api/v1/dashboard/recent-segments?seconds=600}: segments of the last {@code seconds}
     * (default 600, at most a day), oldest first, to fill the live chart before the feed takes over.
     */
    @GET
    @Path("/recent-segments")
    @Operation(summary = "Segments of every device of the last seconds (1 to 86400), oldest first")
    public List<RecentSegment> recentSegments(@QueryParam("seconds") @DefaultValue("600") int seconds) {
        return dashboard.recentSegments(seconds);
    }
}
