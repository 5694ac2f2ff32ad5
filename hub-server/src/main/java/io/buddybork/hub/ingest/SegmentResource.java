package io.buddybork.hub.ingest;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.buddybork.model.SegmentFormat;
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
import java.net.URI;

/**
 * {@code PUT /api/v1/segments/{startMs}}: a device uploads one WAV segment. 201 stored, 200 the
 * identical segment was stored before, 409 different bytes under the same key, 4xx problem for
 * bad input, 503 + Retry-After when the hub cannot store. The body (at most 2 MiB, with a
 * Content-Length: {@link UploadLimitFilter} refuses anything else before reading it) is collected
 * on the event loop and handled on a worker thread.
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
    public Response put(@PathParam("startMs") String startMs, @Context SecurityContext security, byte[] wav) {
        long startNanos = System.nanoTime();
        long deviceId = Long.parseLong(security.getUserPrincipal().getName());
        long start = ingest.parseStart(startMs, System.currentTimeMillis());
        if (wav.length > SegmentFormat.MAX_UPLOAD_BYTES) { // UploadLimitFilter refused it already; kept as a guard
            ingest.countRejected(UploadLimitFilter.TOO_LARGE);
            throw new ProblemException(UploadLimitFilter.tooLarge());
        }
        StoreOutcome outcome = ingest.store(deviceId, start, wav, startNanos);
        SegmentReceipt receipt =
                new SegmentReceipt(outcome.rawId(), deviceId, start, outcome.maxAmp(), outcome.durationMs());
        if (outcome.created()) {
            return Response.created(URI.create("/api/v1/raw/" + outcome.rawId() + "/audio"))
                    .entity(receipt)
                    .build();
        }
        return Response.ok(receipt).build();
    }
}
