package io.buddybork.hub.annotate;

import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/annotator/days/{YYYY-MM-DD}[?deviceId=N]}: the day chart's segments in columns. */
@Path("/api/v1/annotator/days")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class DayChartResource {

    @Inject
    DayChartService charts;

    @GET
    @Path("/{day}")
    public DayChart day(@PathParam("day") String day, @QueryParam("deviceId") Long deviceId) {
        return charts.day(Days.parse("day", day), deviceId);
    }
}
