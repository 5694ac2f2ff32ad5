package io.buddybork.hub.dashboard;

import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/v1/dashboard/devices}: the dashboard's device overview. */
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
}
