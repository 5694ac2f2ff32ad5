package io.buddybork.hub.ingest;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wire.ApiProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * {@code PUT /api/v1/segments/{startMs}}: a device uploads one WAV segment. 201 stored, 200 the
 * identical segment was stored before, 409 different bytes under the same key, 4xx problem for
 * bad input, 503 + Retry-After when the hub cannot store. The body is streamed and capped at
 * 2 MiB ({@link UploadLimitFilter} refuses a larger Content-Length before any of it is read).
 */
@Path("/api/v1/segments")
public class SegmentResource {
    /** Media types accepted for a WAV body. */
    public static final String[] WAV_TYPES = {"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"};

    @Inject
    IngestService ingest;

    @PUT
    @Path("{startMs}")
    @RolesAllowed(Roles.DEVICE)
    @Consumes({"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("startMs") String startMs, @Context SecurityContext security, InputStream body) {
        long startNanos = System.nanoTime();
        long deviceId = Long.parseLong(security.getUserPrincipal().getName());
        long start = ingest.parseStart(startMs, System.currentTimeMillis());
        byte[] wav = readCapped(body);
        StoreOutcome outcome = ingest.store(deviceId, start, wav, startNanos);
        SegmentReceipt receipt = new SegmentReceipt(outcome.rawId(), deviceId, start, outcome.maxAmp(), outcome.durationMs());
        if (outcome.created()) {
            return Response.created(URI.create("/api/v1/raw/" + outcome.rawId() + "/audio")).entity(receipt).build();
        }
        return Response.ok(receipt).build();
    }

    private byte[] readCapped(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(SegmentFormat.MAX_UPLOAD_BYTES + 1);
            if (bytes.length > SegmentFormat.MAX_UPLOAD_BYTES) {
                ingest.countRejected(UploadLimitFilter.TOO_LARGE);
                throw new ProblemException(UploadLimitFilter.tooLarge());
            }
            return bytes;
        } catch (IOException e) {
            ingest.countRejected("body-unreadable");
            throw new ProblemException(ApiProblem.of(400, "body-unreadable", "Bad request",
                    "the upload body could not be read completely: " + e.getMessage()));
        }
    }
}
