package io.buddybork.hub.annotate;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Reason;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Macro-segments for signed-in users: {@code GET /api/v1/macro?deviceId=&centerMs=} (or
 * {@code startMs=}) describes a 15 s window, {@code GET /api/v1/macro/audio?deviceId=&startMs=}
 * returns its audio. Generated on demand in memory; never written to disk nor served from a public folder.
 */
@Path("/api/v1/macro")
@RolesAllowed(Roles.VIEWER)
@Blocking
@Tag(name = "annotations", description = "Labelled sounds, the annotator's day chart and 15 s listening windows")
public class MacroResource {
    private static final String BAD_WINDOW = "`missing-device`: no deviceId; `missing-time`: no startMs (or centerMs);"
            + " `time-out-of-range`: a time outside 2000-2100";
    private static final String UNKNOWN_DEVICE = "`unknown-device`: no device with this id";

    private static final String MISSING_DEVICE = "deviceId is required";

    @Inject
    MacroSegmentService macro;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Describe a 15 s listening window",
            description = "Starting at `startMs`, or centred on `centerMs`: its segments and its gaps.")
    @APIResponse(responseCode = "400", description = BAD_WINDOW)
    @APIResponse(responseCode = "404", description = UNKNOWN_DEVICE)
    @APIResponse(responseCode = "200", description = "the window: its segments and gaps")
    public MacroWindow window(
            @QueryParam("deviceId") @NotNull(message = MISSING_DEVICE, payload = Reason.MissingDevice.class)
                    Long deviceId,
            @QueryParam("centerMs") Long centerMs,
            @QueryParam("startMs") Long startMs) {
        if (startMs != null) {
            return macro.window(deviceId, startMs);
        }
        if (centerMs == null) {
            throw ProblemException.badRequest("missing-time", "give centerMs or startMs (UTC epoch milliseconds)");
        }
        return macro.around(deviceId, centerMs);
    }

    @GET
    @Path("/audio")
    @Produces("audio/wav")
    @Operation(
            summary = "A listening window's audio",
            description = "15 s of mono 44.1 kHz WAV with gaps as silence, made in memory and never written to disk.")
    @APIResponse(
            responseCode = "200",
            description = "the window's audio",
            content = @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = BAD_WINDOW)
    @APIResponse(responseCode = "404", description = UNKNOWN_DEVICE)
    @APIResponse(
            responseCode = "429",
            description =
                    "`too-many-macro-requests`: more windows a minute than `buddybork.web.macro.requests-per-minute`"
                            + " (Retry-After)")
    public Response audio(
            @QueryParam("deviceId") @NotNull(message = MISSING_DEVICE, payload = Reason.MissingDevice.class)
                    Long deviceId,
            @QueryParam("startMs")
                    @NotNull(
                            message = "startMs (UTC epoch milliseconds) is required",
                            payload = Reason.MissingTime.class)
                    Long startMs,
            @Context SecurityContext security) {
        return Response.ok(macro.audio(security.getUserPrincipal().getName(), deviceId, startMs), "audio/wav")
                .header("Cache-Control", "private, max-age=60")
                .build();
    }
}
