package io.buddybork.hub.catalog;

import io.buddybork.hub.storage.ByteRange;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Malformed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read API over stored segments for charts and players (viewer role). */
@Path("/api/v1")
@RolesAllowed(Roles.VIEWER)
@Tag(name = "segments", description = "Stored segments: counts per day, a day's segments, the audio")
public class CatalogResource {
    private static final String DEVICE_RULE = "deviceId must be a device number";
    private static final String BAD_DAY =
            "`invalid-date`: not a YYYY-MM-DD calendar day; `invalid-device-id`: deviceId" + " is not a device number";

    @Inject
    CatalogService catalog;

    /** {@code GET /api/v1/stats/daily-counts?from=YYYY-MM-DD&to=YYYY-MM-DD[&deviceId=N]}. */
    @GET
    @Path("stats/daily-counts")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Segments per day (the hub's time zone) and device",
            description = "One row per day and device that has segments, ordered by day then device; served from a"
                    + " table kept by triggers, so a year costs a few hundred rows.")
    @APIResponse(
            responseCode = "400",
            description = BAD_DAY + "; `invalid-range`: to is before from; `range-too-long`: over "
                    + CatalogService.MAX_RANGE_DAYS + " days")
    @APIResponse(responseCode = "200", description = "one row per day and device that has segments")
    public List<DailyCount> dailyCounts(
            @QueryParam("from") @DefaultValue("") @CatalogDay LocalDate from,
            @QueryParam("to") @DefaultValue("") @CatalogDay LocalDate to,
            @QueryParam("deviceId") @Malformed(code = "invalid-device-id", detail = DEVICE_RULE) Long deviceId) {
        return catalog.dailyCounts(from, to, deviceId);
    }

    /** {@code GET /api/v1/days/{YYYY-MM-DD}/segments[?deviceId=N]}. */
    @GET
    @Path("days/{day}/segments")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The segments of one day of the hub's time zone, ordered by start")
    @APIResponse(responseCode = "400", description = BAD_DAY)
    @APIResponse(responseCode = "200", description = "the segments of the day")
    public List<SegmentSummary> segments(
            @PathParam("day") @CatalogDay LocalDate day,
            @QueryParam("deviceId") @Malformed(code = "invalid-device-id", detail = DEVICE_RULE) Long deviceId) {
        return catalog.segmentsOfDay(day, deviceId);
    }

    /** {@code GET /api/v1/raw/{id}/audio}: the stored WAV. */
    @GET
    @Path("raw/{id: [0-9]+}/audio")
    @Produces("audio/wav")
    @Operation(summary = "A stored segment's WAV, byte for byte")
    @APIResponse(
            responseCode = "200",
            description = "the stored bytes (`Accept-Ranges: bytes`)",
            content = @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(
            responseCode = "206",
            description = "the one byte range the `Range` header asked for, with `Content-Range`",
            content = @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(
            responseCode = "416",
            description = "`range-not-satisfiable`: the range starts past the end (`Content-Range: bytes */size`)")
    @APIResponse(
            responseCode = "404",
            description = "`unknown-segment`: no stored segment with this id; `segment-file-missing`: indexed, but its"
                    + " file is gone")
    public Response audio(
            @PathParam("id") long id, @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange) {
        CatalogService.AudioPart part = catalog.audio(id, range, ifRange);
        return ByteRange.response(part.bytes(), part.range(), "audio/wav")
                .header("Cache-Control", "private, max-age=86400")
                .build();
    }
}
