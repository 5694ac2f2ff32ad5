package io.buddybork.hub.annotate;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Macro-segments for signed-in users: {@code GET /api/v1/macro?deviceId=&centerMs=} (or
 * {@code startMs=}) describes a 15 s window, {@code GET /api/v1/macro/audio?deviceId=&startMs=}
 * returns its audio. Generated on demand in memory; never written to disk nor served from a public folder.
 */
@Path("/api/v1/macro")
@RolesAllowed(Roles.VIEWER)
@Blocking
public class MacroResource {

    @Inject
    MacroSegmentService macro;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MacroWindow window(
            @QueryParam("deviceId") Long deviceId,
            @QueryParam("centerMs") Long centerMs,
            @QueryParam("startMs") Long startMs) {
        requireDevice(deviceId);
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
    public Response audio(
            @QueryParam("deviceId") Long deviceId,
            @QueryParam("startMs") Long startMs,
            @Context SecurityContext security) {
        requireDevice(deviceId);
        if (startMs == null) {
            throw ProblemException.badRequest("missing-time", "startMs (UTC epoch milliseconds) is required");
        }
        return Response.ok(macro.audio(security.getUserPrincipal().getName(), deviceId, startMs), "audio/wav")
                .header("Cache-Control", "private, max-age=60")
                .build();
    }

    private static void requireDevice(Long deviceId) {
        if (deviceId == null) {
            throw ProblemException.badRequest("missing-device", "deviceId is required");
        }
    }
}
