package io.buddybork.hub.ingest;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.problem.Problems;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Malformed;
import io.buddybork.model.SegmentFormat;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code PUT /api/v1/segments/{startMs}}: a device uploads one WAV segment. 201 stored, 200 the
 * identical segment was stored before, 409 different bytes under the same key, 4xx problem for
 * bad input, 503 + Retry-After when the hub cannot store or is handling as many uploads as it may
 * ({@link UploadsInFlight}). The body (at most 2 MiB, with a
 * Content-Length: {@link UploadLimitFilter} refuses anything else before reading it) is collected
 * on the event loop and handled on a worker thread.
 */
@Path("/api/v1/segments")
@Tag(name = "device endpoints", description = "What capture devices call, with their bearer token")
public class SegmentResource {
    private static final String BAD_SEGMENT = "nothing stored. The start: `invalid-start-time` (not plain digits),"
            + " `start-too-early` (before 2000-01-01), `start-in-future` (more than"
            + " `buddybork.ingest.max-future-skew` ahead). The WAV: `not-riff-wave`, `truncated`,"
            + " `header-size-mismatch`, `missing-chunk`, `not-pcm`, `not-16-bit`, `not-mono`, `bad-sample-rate`"
            + " (not 44,100 Hz), `inconsistent-format`, `empty`, `too-short` (under 1 ms), `too-long` (over 10 s)";

    /** Media types accepted for a WAV body. */
    public static final String[] WAV_TYPES = {"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"};

    @Inject
    IngestService ingest;

    @Inject
    IngestPressure pressure;

    @Inject
    UploadsInFlight inFlight;

    @Inject
    HubConfig config;

    @PUT
    @Path("{startMs}")
    @RolesAllowed(Roles.DEVICE)
    @Consumes({"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Upload one WAV segment (idempotent)",
            description = "`startMs` is the segment's UTC start in epoch milliseconds. The hub decodes the WAV and"
                    + " computes maxAmp and durationMs itself; a 2xx is sent only after the file is on disk (fsync,"
                    + " atomic rename) and its row is committed, so the device may then delete its copy. Repeating"
                    + " an upload is safe: the identical bytes answer 200.")
    @APIResponseSchema(
            value = SegmentReceipt.class,
            responseCode = "201",
            responseDescription = "stored now; Location: the segment's audio")
    @APIResponse(
            responseCode = "200",
            description = "the identical bytes were stored before (the same body as 201)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SegmentReceipt")))
    @APIResponse(responseCode = "400", description = BAD_SEGMENT)
    @APIResponse(
            responseCode = "409",
            description =
                    "nothing changed: `conflict`: this device stored different bytes under this start;"
                            + " `overlap`: the span overlaps a segment this device stored at another start (the detail names it)")
    @APIResponse(
            responseCode = "411",
            description = "`length-required`: no Content-Length (chunked); refused before reading")
    @APIResponse(
            responseCode = "413",
            description = "`body-too-large`: Content-Length over 2 MiB; refused before reading")
    @APIResponse(
            responseCode = "415",
            description = "`unsupported-media-type`: not audio/wav, audio/x-wav, audio/wave or audio/vnd.wave")
    @APIResponse(
            responseCode = "503",
            description = "keep the segment and retry (Retry-After): `storage-full`, `storage-unavailable`,"
                    + " `ingest-busy` (`buddybork.ingest.max-in-flight` uploads are being stored; refused before"
                    + " the body is read when possible), `hub-busy` (the body budget is used up)")
    @NonBlocking // the body is collected on the event loop; the store runs on a worker below
    public Uni<Response> put(
            @PathParam("startMs")
                    @Parameter(schema = @Schema(type = SchemaType.STRING)) // as sent: the digits are checked here
                    @Malformed(
                            code = "invalid-start-time",
                            detail = "start time must be UTC milliseconds as plain digits, got '{value}'",
                            pattern = "[0-9]{1,15}",
                            shown = 40,
                            unparsableCode = "start-too-early",
                            unparsable = "{error}",
                            title = "Bad start time")
                    SegmentStart startMs,
            @Context SecurityContext security,
            byte[] wav) {
        long deviceId = Long.parseLong(security.getUserPrincipal().getName());
        // A blocking method would make a worker thread wait for the body chunk by chunk: at a few
        // hundred uploads/s that tied up hundreds of workers and both event loops in hand-offs.
        UploadsInFlight.Slot slot = inFlight.tryAcquire(wav.length);
        if (slot == null) {
            // Queueing it would hold its body (several copies) until a worker is free: refuse it now.
            // Answered, not thrown: the exception mapper logs every 5xx, and an overloaded hub sends many.
            ingest.countRejected(UploadsInFlight.BUSY);
            return Uni.createFrom()
                    .item(Problems.response(
                            UploadLimitFilter.busy(inFlight.maxUploads()),
                            Map.of(
                                    "Retry-After",
                                    Integer.toString(config.ingest().busyRetryAfterSeconds()))));
        }
        return Uni.createFrom()
                .item(() -> {
                    long startNanos = pressure.started();
                    try {
                        return store(startMs, deviceId, wav, startNanos);
                    } finally {
                        pressure.finished(startNanos);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // answered, failed or cancelled (the client went away): the slot is free again
                .onTermination()
                .invoke(slot::release);
    }

    private Response store(SegmentStart startMs, long deviceId, byte[] wav, long startNanos) {
        long start = ingest.requireNotAhead(startMs.ms(), System.currentTimeMillis());
        if (wav.length > SegmentFormat.MAX_UPLOAD_BYTES) { // UploadLimitFilter refused it already; kept as a guard
            ingest.countRejected(UploadLimitFilter.TOO_LARGE);
            throw new ProblemException(UploadLimitFilter.tooLarge());
        }
        StoreOutcome outcome = ingest.store(deviceId, start, wav, startNanos);
        SegmentReceipt receipt =
                new SegmentReceipt(outcome.rawId(), deviceId, start, outcome.maxAmp(), outcome.durationMs());
        if (outcome.created()) {
            // Set as given, not through Response.created: that resolves a relative location against
            // the current request, which is gone when the client left while its segment was stored
            // (stored all the same; only the answer to nobody failed, logged as an error).
            // RelativeRedirects keeps every Location relative anyway.
            return Response.status(Response.Status.CREATED)
                    .header(jakarta.ws.rs.core.HttpHeaders.LOCATION, "/api/v1/raw/" + outcome.rawId() + "/audio")
                    .entity(receipt)
                    .build();
        }
        return Response.ok(receipt).build();
    }
}
