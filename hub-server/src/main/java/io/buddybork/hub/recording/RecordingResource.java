package io.buddybork.hub.recording;

import io.buddybork.hub.ingest.SegmentStart;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Malformed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/devices/{id}/recordings?startMs=MS}: an admin imports a recording made
 * elsewhere (WAV or FLAC body) as that device's audio from {@code startMs} on; long recordings
 * become a job polled at {@code GET .../recordings/jobs/{jobId}}. See {@link RecordingImportService}.
 */
@Path("/api/v1/devices/{id: [0-9]+}/recordings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "devices", description = "Capture devices: register (token shown once), rename, revoke, capture switch")
public class RecordingResource {
    private static final String BAD_RECORDING = "nothing stored. The start: `missing-start-time`,"
            + " `invalid-start-time` (not plain digits), `start-too-early` (before 2000-01-01), `start-in-future`,"
            + " `recording-ends-in-future` (start + length after the hub's clock and its allowed skew). The file:"
            + " `empty`, `not-riff-wave` (declared WAV, is not), `not-flac` (declared FLAC, is not), `truncated`,"
            + " `missing-chunk`, `header-size-mismatch`, `inconsistent-format`, `corrupt-flac`";

    @Inject
    RecordingImportService imports;

    @Inject
    RecordingJobs jobs;

    /** Where a job is polled. */
    static String jobUrl(long deviceId, long jobId) {
        return "/api/v1/devices/" + deviceId + "/recordings/jobs/" + jobId;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD) // any type: the resource answers a wrong one with its own 415 problem
    @Operation(
            summary = "Import a recording as a device's audio from a chosen time",
            description = "Body: a WAV (`audio/wav`) or FLAC (`audio/flac`) file, 44.1 kHz 16-bit, mono or stereo"
                    + " (mixed down). It is cut into 3 s segments starting at `startMs + 3000 i` exactly (no grid"
                    + " alignment; the last segment is shorter when the recording is); segments under the silence"
                    + " gate (`buddybork.recordings.silence-dbfs`, -40 dBFS) are not stored (`silent`), segments"
                    + " overlapping audio already stored for the device are skipped (`overlapping`); the rest go"
                    + " through the same ingest as uploads. Recordings up to"
                    + " `buddybork.recordings.sync-max-duration` (5 min) answer 201 when done; longer ones 202 with"
                    + " a job to poll.")
    @RequestBody(
            content = {
                @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = "audio/flac", schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    @APIResponseSchema(
            value = RecordingImport.class,
            responseCode = "201",
            responseDescription = "imported: the counts of stored, silent and overlapping segments")
    @APIResponse(
            responseCode = "202",
            description = "a long recording: the job (Location: its URL) to poll until `state` is done or failed",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RecordingJobs.JobView.class)))
    @APIResponse(responseCode = "400", description = BAD_RECORDING)
    @APIResponse(responseCode = "404", description = "`unknown-device`: no device with this id")
    @APIResponse(
            responseCode = "409",
            description = "`overlap`: nothing stored, every non-silent segment overlaps audio already stored for"
                    + " the device (imported before, or a wrong start)")
    @APIResponse(
            responseCode = "413",
            description = "`body-too-large`: over `buddybork.recordings.max-bytes` (512 MiB); refused before reading"
                    + " when the Content-Length says so")
    @APIResponse(
            responseCode = "415",
            description = "`unsupported-media-type`: not audio/wav or audio/flac; `unsupported-audio-format`: not"
                    + " 44.1 kHz, not 16-bit, more than 2 channels or not integer PCM (the detail names it)")
    @APIResponse(responseCode = "503", description = "`storage-full`, `storage-unavailable`: retry later (Retry-After)")
    public Response importRecording(
            @PathParam("id") long deviceId,
            @QueryParam("startMs")
                    @DefaultValue("")
                    @Parameter(schema = @Schema(type = SchemaType.STRING)) // as sent: the digits are checked here
                    @Malformed(
                            missingCode = "missing-start-time",
                            missingDetail = "say when the recording started: ?startMs=<UTC epoch milliseconds>",
                            strip = true,
                            code = "invalid-start-time",
                            detail = "start time must be UTC milliseconds as plain digits, got '{value}'",
                            pattern = "[0-9]{1,15}",
                            shown = 40,
                            unparsableCode = "start-too-early",
                            unparsable = "{error}")
                    SegmentStart startMs,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body)
            throws IOException {
        RecordingImportService.Outcome outcome = imports.importRecording(deviceId, startMs.ms(), contentType, body);
        if (outcome.done() != null) {
            return Response.status(201).entity(outcome.done()).build();
        }
        return Response.accepted(outcome.job())
                .location(URI.create(outcome.job().url()))
                .build();
    }

    @GET
    @Path("jobs/{jobId: [0-9]+}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Progress of a recording import job; the counts when it is done")
    @APIResponse(
            responseCode = "404",
            description = "`unknown-job`: no such job for this device (or forgotten: a restart)")
    @APIResponseSchema(value = RecordingJobs.JobView.class, responseCode = "200", responseDescription = "the job")
    public RecordingJobs.JobView job(@PathParam("id") long deviceId, @PathParam("jobId") long jobId) {
        return jobs.get(deviceId, jobId);
    }
}
