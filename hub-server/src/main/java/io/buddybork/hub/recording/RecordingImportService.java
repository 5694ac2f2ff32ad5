package io.buddybork.hub.recording;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.device.DeviceService;
import io.buddybork.hub.ingest.IngestService;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.model.AmplitudeStats;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wire.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Imports a recording made elsewhere (a phone, an old recorder) for a device at a chosen time: the
 * body is streamed to a file under {@code <data-dir>/tmp/recordings/} (never held in memory),
 * checked, cut into 3 s segments that start at {@code startMs + 3000 i} (the last one shorter, as
 * the agent's replay ends), gated for silence like the agent, and each segment that is not silent
 * is stored through {@link IngestService} exactly like an upload, so detection and everything else
 * treat it the same. A segment overlapping audio already stored for the device is skipped and
 * counted; when every non-silent segment overlaps, the answer is 409 {@code overlap}. A corrupt or
 * truncated file is refused before any segment is stored. Each stored segment is durable on its
 * own: an import stopped half-way (503, a restart) keeps what it stored, and importing the same
 * file again stores only the rest. Recordings up to {@code buddybork.recordings.sync-max-duration}
 * are imported while the request waits; longer ones by {@link RecordingJobs}. Thread-safe.
 */
@ApplicationScoped
public class RecordingImportService {
    private static final Logger LOG = Logger.getLogger(RecordingImportService.class);
    /** The shortest tail worth a segment: the hub stores nothing under 1 ms. */
    private static final int MIN_FRAMES = SegmentFormat.SAMPLE_RATE / 1000 + 1;

    /** Counts as they grow, for a job's progress. */
    public interface Progress {
        /** Called after each segment. */
        void update(long processed, long stored, long silent, long overlapping);

        /** No one is listening. */
        Progress NONE = (processed, stored, silent, overlapping) -> {};
    }

    /** An import's answer: finished now ({@code done}) or handed to a job ({@code job}). */
    public record Outcome(RecordingImport done, RecordingJobs.JobView job) {}

    @Inject
    RecordingConfig config;

    @Inject
    HubConfig hub;

    @Inject
    DeviceService devices;

    @Inject
    IngestService ingest;

    @Inject
    SegmentFiles files;

    @Inject
    RecordingJobs jobs;

    /**
     * Checks the request, takes the body and imports it now or as a job.
     *
     * @throws ProblemException 404 unknown device, 400 bad start or file, 413 too large, 415 not
     *     WAV/FLAC or audio the hub cannot store, 409 every non-silent segment overlaps, 503 no room
     */
    public Outcome importRecording(long deviceId, long startMs, String contentType, InputStream body)
            throws IOException {
        devices.get(deviceId);
        long now = System.currentTimeMillis();
        requireStartInPast(startMs, now);
        RecordingKind kind = RecordingKind.of(contentType);
        Path upload = receive(body);
        boolean handedOver = false;
        try {
            RecordingFormat format;
            try (RecordingReader reader = RecordingReader.open(upload, kind)) {
                format = reader.format();
                if (format.frames() >= 0) {
                    requireEndInPast(startMs, format.frames(), now);
                }
                if (format.frames() >= 0
                        && format.durationMs() <= config.syncMaxDuration().toMillis()) {
                    reader.verify();
                    RecordingImport done = requireSomethingStored(cut(deviceId, startMs, reader, Progress.NONE));
                    LOG.infof(
                            "Imported a %s recording of %d ms for device %d at %s: %d stored, %d silent, %d overlapping",
                            format.container(),
                            format.durationMs(),
                            deviceId,
                            Instant.ofEpochMilli(startMs),
                            done.stored(),
                            done.silent(),
                            done.overlapping());
                    return new Outcome(done, null);
                }
            }
            RecordingJobs.JobView job = jobs.submit(deviceId, startMs, upload, kind, format);
            handedOver = true;
            return new Outcome(null, job);
        } finally {
            if (!handedOver) {
                Files.deleteIfExists(upload);
            }
        }
    }

    /**
     * Runs a job's import: verifies the whole file, then cuts and stores it, reporting progress.
     * Called by {@link RecordingJobs} on its own thread; deletes nothing.
     */
    RecordingImport runJob(long deviceId, long startMs, Path upload, RecordingKind kind, Progress progress)
            throws IOException {
        try (RecordingReader reader = RecordingReader.open(upload, kind)) {
            long frames = reader.verify();
            requireEndInPast(startMs, frames, System.currentTimeMillis());
            return requireSomethingStored(cut(deviceId, startMs, reader, progress));
        }
    }

    /** Segments a recording of {@code frames} frames is cut into. */
    static long segmentsOf(long frames) {
        long full = frames / SegmentFormat.SEGMENT_FRAMES;
        return full + (frames % SegmentFormat.SEGMENT_FRAMES >= MIN_FRAMES ? 1 : 0);
    }

    /** Cuts, gates and stores every segment; see the class comment. */
    RecordingImport cut(long deviceId, long startMs, RecordingReader reader, Progress progress) throws IOException {
        int threshold = AmplitudeStats.dbfsToAmplitude(config.silenceDbfs());
        short[] segment = new short[SegmentFormat.SEGMENT_FRAMES];
        long index = 0;
        long stored = 0;
        long silent = 0;
        long overlapping = 0;
        long frames = 0;
        while (true) {
            int n = fill(reader, segment);
            frames += n;
            if (n < MIN_FRAMES) {
                break; // the end, or a tail under 1 ms that no segment can hold
            }
            long segmentStart = startMs + index * SegmentFormat.SEGMENT_MILLIS;
            // the agent's gate: kept when the largest |sample| reaches the threshold
            if (AmplitudeStats.maxAbs(segment, 0, n) < threshold) {
                silent++;
            } else if (ingest.storeUnlessOverlapping(
                            deviceId, segmentStart, WavCodec.encode(segment, 0, n, SegmentFormat.SAMPLE_RATE))
                    .isPresent()) {
                stored++;
            } else {
                overlapping++;
            }
            index++;
            progress.update(index, stored, silent, overlapping);
            if (n < segment.length) {
                break;
            }
        }
        long endMs = startMs + frames * 1000 / SegmentFormat.SAMPLE_RATE;
        return new RecordingImport(deviceId, startMs, endMs, index, stored, silent, overlapping);
    }

    private static int fill(RecordingReader reader, short[] segment) throws IOException {
        int n = 0;
        while (n < segment.length) {
            int read = reader.read(segment, n, segment.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        return n;
    }

    private static RecordingImport requireSomethingStored(RecordingImport done) {
        if (done.stored() == 0 && done.overlapping() > 0) {
            throw new ProblemException(ApiProblem.of(
                    409,
                    "overlap",
                    "Overlapping recording",
                    "nothing stored: all " + done.overlapping() + " non-silent segments of this recording ("
                            + done.startMs() + " to " + done.endMs() + " ms) overlap audio already stored for this"
                            + " device (" + done.silent()
                            + " silent). Was it imported before, or is the start time wrong?"));
        }
        return done;
    }

    /** The start time (read by the resource as a {@code SegmentStart}) is not in the future. */
    static void requireStartInPast(long startMs, long nowMs) {
        if (startMs > nowMs) {
            throw ProblemException.badRequest(
                    "start-in-future",
                    "the recording cannot start in the future: " + startMs + " is after the hub's clock (" + nowMs
                            + ")");
        }
    }

    private void requireEndInPast(long startMs, long frames, long nowMs) {
        long endMs = startMs + frames * 1000 / SegmentFormat.SAMPLE_RATE;
        long skew = hub.ingest().maxFutureSkew().toMillis();
        if (endMs > nowMs + skew) {
            throw ProblemException.badRequest(
                    "recording-ends-in-future",
                    "a recording of " + frames * 1000 / SegmentFormat.SAMPLE_RATE + " ms starting at " + startMs
                            + " would end at " + endMs + ", after the hub's clock (" + nowMs
                            + "); check the start time");
        }
    }

    /** Bytes copied at a time while a recording is received. */
    private static final int CHUNK_BYTES = 64 * 1024;

    /** Streams the body to a new file under tmp/recordings, at most {@code max-bytes}. */
    private Path receive(InputStream body) throws IOException {
        Path dir = files.dataRoot().resolve("tmp").resolve("recordings");
        Files.createDirectories(dir);
        Path upload = dir.resolve(UUID.randomUUID() + ".upload");
        long max = config.maxBytes().asLongValue();
        long total = 0;
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(upload)) {
            byte[] buffer = new byte[CHUNK_BYTES];
            int n;
            while ((n = body.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    throw tooLarge(max);
                }
                out.write(buffer, 0, n);
            }
            done = true;
        } catch (IOException e) {
            if (files.lacksRoomFor(CHUNK_BYTES)) {
                throw ProblemException.unavailable(
                        "storage-full",
                        "the hub's data disk cannot hold the recording now",
                        hub.ingest().retryAfterSeconds(),
                        e);
            }
            throw e;
        } finally {
            if (!done) {
                Files.deleteIfExists(upload);
            }
        }
        if (total == 0) {
            Files.deleteIfExists(upload);
            throw RecordingReader.bad("empty", "the body is empty");
        }
        return upload;
    }

    /** The 413 problem. */
    static ProblemException tooLarge(long max) {
        return new ProblemException(RecordingUploadFilter.tooLarge(max));
    }
}
