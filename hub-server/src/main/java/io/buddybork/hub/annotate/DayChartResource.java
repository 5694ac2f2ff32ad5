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
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/annotator/days/{YYYY-MM-DD}[?deviceId=N]}: the day chart's segments in columns. */
@Path("/api/v1/annotator/days")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "annotations", description = "Labelled sounds, the annotator's day chart and 15 s listening windows")
public class DayChartResource {

    @Inject
    DayChartService charts;

    @GET
    @Path("/{day}")
    @Operation(
            summary = "The annotator's day chart",
            description = "Every segment of the day (a local day of the hub's time zone, [dayStartMs, dayEndMs)) in"
                    + " columns (device, offset from the day's start, maxAmp, duration).")
    @APIResponse(responseCode = "400", description = "`missing-day`; `bad-day`: not a YYYY-MM-DD day")
    @APIResponse(responseCode = "200", description = "the day's segments in columns")
    public DayChart day(@PathParam("day") @AnnotatorDay LocalDate day, @QueryParam("deviceId") Long deviceId) {
        return charts.day(day, deviceId);
    }
}
