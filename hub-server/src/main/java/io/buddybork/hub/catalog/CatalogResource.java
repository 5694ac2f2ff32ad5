package io.buddybork.hub.catalog;

import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Read API over stored segments for charts and players (viewer role). */
@Path("/api/v1")
@RolesAllowed(Roles.VIEWER)
public class CatalogResource {

    @Inject
    CatalogService catalog;

    /** {@code GET /api/v1/stats/daily-counts?from=YYYY-MM-DD&to=YYYY-MM-DD[&deviceId=N]}. */
    @GET
    @Path("stats/daily-counts")
    @Produces(MediaType.APPLICATION_JSON)
    public List<DailyCount> dailyCounts(
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("deviceId") String deviceId) {
        return catalog.dailyCounts(
                CatalogService.parseDay(from, "from"),
                CatalogService.parseDay(to, "to"),
                CatalogService.parseDeviceId(deviceId));
    }

    /** {@code GET /api/v1/days/{YYYY-MM-DD}/segments[?deviceId=N]}. */
    @GET
    @Path("days/{day}/segments")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SegmentSummary> segments(@PathParam("day") String day, @QueryParam("deviceId") String deviceId) {
        return catalog.segmentsOfDay(CatalogService.parseDay(day, "day"), CatalogService.parseDeviceId(deviceId));
    }

    /** {@code GET /api/v1/raw/{id}/audio}: the stored WAV. */
    @GET
    @Path("raw/{id}/audio")
    @Produces("audio/wav")
    public Response audio(@PathParam("id") long id) {
        java.nio.file.Path file = catalog.audioFile(id);
        return Response.ok(file.toFile(), "audio/wav")
                .header("Cache-Control", "private, max-age=86400")
                .build();
    }
}
