package io.buddybork.hub.ingest;

import io.buddybork.hub.api.ApiPaths;
import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.validation.ParameterRefused;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import io.buddybork.model.wire.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Stores uploaded segments: validates the start time and the WAV (the hub recomputes max_amp and
 * duration), stages the file (local: a temp file, fsynced), inserts its {@code raw} row (with the
 * bytes' SHA-256), puts the file under its key and commits the row, in that order
 * ({@link SegmentRepository#insertUnlessOverlapping}), then forces the file's name (local: the
 * directory's fsync) before answering. So a committed row has its file (but for a power cut in
 * the instant before that last fsync, when nothing was answered yet and the device's retry
 * restores the file), and the uncommitted row decides which upload of a key owns it, across hubs
 * too; a crash after the put leaves at most a complete file without a row, which
 * {@link OrphanReconciler} indexes at the next start. The "file" is an object of the
 * {@link io.buddybork.hub.storage.ObjectStore}: on the data disk, or in an S3 bucket, where the
 * acknowledged PUT is what makes it durable and the disk reserve below does not apply. Uploads of
 * one key are serialised by a striped lock within a hub and by the row across hubs; a repeated key
 * answers "identical" (200) or "conflict" (409) by comparing SHA-256, and the losing upload writes
 * nothing. An
 * upload whose span overlaps a stored segment of the same device at another start time is refused
 * with 409 {@code overlap} (a device cannot record two overlapping stretches; it is a rerun or a
 * clock jump): checked before the file is written and again, under the device's PostgreSQL
 * advisory lock in the insert's transaction ({@link SegmentRepository#insertUnlessOverlapping}), so two
 * racing overlapping uploads cannot both be stored, whether they reach one hub or two. When
 * the disk or the database cannot take the segment, a 503 problem with Retry-After is thrown and
 * nothing is acknowledged; a disk under the reserve first asks the {@link SpaceReclaimer} (the disk
 * guard) to delete unprotected old audio, so 503 "storage-full" means nothing deletable is left.
 * Segments cut from an imported recording take the same path ({@link #storeUnlessOverlapping}),
 * with an overlap reported to the caller instead of refused. Thread-safe.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    private final HubConfig config;
    private final SegmentFiles files;
    private final SegmentRepository segments;
    private final IngestMetrics metrics;
    private final Event<SegmentStored> storedEvents;
    private final Instance<SpaceReclaimer> reclaimer;

    /**
     * The hub's parts; a second instance built from the same parts has a striped lock of its own,
     * as another hub process has (the same-key race tests build one).
     */
    @Inject
    IngestService(
            HubConfig config,
            SegmentFiles files,
            SegmentRepository segments,
            IngestMetrics metrics,
            Event<SegmentStored> storedEvents,
            Instance<SpaceReclaimer> reclaimer) {
        this.config = config;
        this.files = files;
        this.segments = segments;
        this.metrics = metrics;
        this.storedEvents = storedEvents;
        this.reclaimer = reclaimer;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Checks that a start time (already read as a {@link SegmentStart}) is not more than the allowed
     * skew ahead of {@code nowMs}, before the body is looked at.
     */
    public long requireNotAhead(long startMs, long nowMs) {
        long skew = config.ingest().maxFutureSkew().toMillis();
        if (startMs > nowMs + skew) {
            throw reject(
                    400,
                    "start-in-future",
                    "Bad start time",
                    "start time " + startMs + " is more than " + skew / 1000 + " s ahead of the hub's clock (" + nowMs
                            + "); check the device's clock");
        }
        return startMs;
    }

    /** Stores one segment of {@code deviceId}; see the class comment for the guarantees. */
    public StoreOutcome store(long deviceId, long startMs, byte[] wav, long startNanos) {
        return store(deviceId, startMs, wav, startNanos, false);
    }

    /**
     * Stores one segment cut from an imported recording through the same durable path as an
     * upload (validation, file, row, {@link SegmentStored}); a segment whose span overlaps audio
     * already stored for the device (the same start included, whatever its bytes) is not stored
     * and answers empty instead of a 409, so an import can count it and go on.
     */
    public Optional<StoreOutcome> storeUnlessOverlapping(long deviceId, long startMs, byte[] wav) {
        return Optional.ofNullable(store(deviceId, startMs, wav, System.nanoTime(), true));
    }

    /** The store; {@code imported}: an overlap answers null instead of throwing 409. */
    private StoreOutcome store(long deviceId, long startMs, byte[] wav, long startNanos, boolean imported) {
        PcmAudio audio;
        try {
            audio = WavCodec.decodeSegment(wav);
        } catch (WavFormatException e) {
            throw reject(400, e.fault().code(), "Bad segment", e.getMessage());
        }
        if (audio.durationMillis() == 0) {
            throw reject(400, "too-short", "Bad segment", "the audio is shorter than 1 ms");
        }
        SegmentRepository.NewRow row = SegmentRepository.NewRow.of(deviceId, startMs, audio, wav);
        int maxAmp = row.maxAmp();
        int durationMs = row.durationMs();
        byte[] sha = row.sha256();
        ReentrantLock lock = locks[Math.floorMod(Long.hashCode(deviceId * 31 + startMs), STRIPES)];
        StoreOutcome created;
        lock.lock();
        try {
            String target = row.path();
            // A committed row always has its file, so no file means no row: the common case costs
            // no query. A file may exist without a row (crash before the commit); then ask. In an
            // object store the lookup is a round trip to the server, dearer than asking the index.
            if (!files.onDataDisk() || files.exists(target)) {
                Optional<SegmentRepository.Existing> existing = segments.find(deviceId, startMs);
                if (existing.isPresent()) {
                    return imported ? null : repeated(existing.get(), sha, maxAmp, durationMs, startNanos);
                }
            }
            if (overlaps(deviceId, startMs, durationMs, imported)) {
                return null;
            }
            requireFreeSpace(wav.length);
            // the row first, the object published under its key while the row's transaction is
            // open, then the commit: a hub storing the same key meanwhile waits for that row
            // instead of writing its own bytes under it, and is answered 200 or 409 from it (see
            // insertUnlessOverlapping). The slow parts of a local write (the file's fsync before,
            // the directory's after) stay outside the transaction, so a pool connection is held
            // for the rename only; the answer waits for both.
            SegmentRepository.Insert insert;
            try (var staged = files.stage(target, wav)) {
                insert = segments.insertUnlessOverlapping(row, staged::publish);
                if (insert.id().isPresent()) {
                    staged.force();
                }
            }
            if (insert.overlap().isPresent()) {
                if (imported) {
                    return null; // nothing was written
                }
                throw overlapProblem(startMs, durationMs, insert.overlap().get());
            }
            OptionalLong id = insert.id();
            if (id.isEmpty()) {
                // another upload of the key (this hub's or another's) committed first, or a row
                // lost its file (deleted by hand), or the startup reconciler just indexed one
                SegmentRepository.Existing existing =
                        segments.find(deviceId, startMs).orElseThrow();
                if (MessageDigest.isEqual(existing.sha256(), sha) && !files.exists(target)) {
                    LOG.warnf("Row %d had no file; restored %s from an identical upload", existing.id(), target);
                    files.writeDurably(target, wav); // the same bytes as the row says: nothing to race
                }
                return imported ? null : repeated(existing, sha, maxAmp, durationMs, startNanos);
            }
            metrics.stored(wav.length);
            metrics.record(IngestMetrics.STORED, null, startNanos);
            created = new StoreOutcome(true, id.getAsLong(), maxAmp, durationMs);
        } catch (SQLException e) {
            throw unavailable("database-unavailable", "the hub's database cannot take the segment now", e, startNanos);
        } catch (IOException e) {
            boolean full = e instanceof StorageFullException || (files.onDataDisk() && files.lacksRoomFor(wav.length));
            throw unavailable(
                    full ? "storage-full" : "storage-unavailable",
                    full
                            ? "the hub's data disk is full"
                            : files.onDataDisk()
                                    ? "the hub cannot write to its data disk"
                                    : "the hub cannot write to its object store",
                    e,
                    startNanos);
        } finally {
            lock.unlock();
        }
        // outside the lock: observers must not hold up other uploads of the same stripe
        announce(new SegmentStored(created.rawId(), deviceId, startMs, maxAmp, durationMs));
        return created;
    }

    /** Counts a refusal that happened before the service saw the upload (size, media type). */
    public void countRejected(String reason) {
        metrics.record(IngestMetrics.REJECTED, reason, 0);
    }

    /** An upload whose start time was refused before {@link SegmentResource} ran is counted too. */
    void onRefused(@Observes ParameterRefused refused) {
        if ("PUT".equals(refused.method()) && refused.path().startsWith(ApiPaths.SEGMENTS_PREFIX)) {
            countRejected(refused.problem().code());
        }
    }

    private StoreOutcome repeated(
            SegmentRepository.Existing existing, byte[] sha, int maxAmp, int durationMs, long startNanos) {
        if (!MessageDigest.isEqual(existing.sha256(), sha)) {
            throw reject(
                    409,
                    "conflict",
                    "Conflict",
                    "a different segment is already stored for this device and start time");
        }
        metrics.record(IngestMetrics.DUPLICATE, null, startNanos);
        return new StoreOutcome(false, existing.id(), maxAmp, durationMs);
    }

    /**
     * Whether a stored segment of the device overlaps: true for an import ({@code quiet}), a 409
     * {@code overlap} for an upload.
     */
    private boolean overlaps(long deviceId, long startMs, int durationMs, boolean quiet) throws SQLException {
        Optional<SegmentRepository.Overlap> overlap = segments.findOverlap(deviceId, startMs, durationMs);
        if (overlap.isEmpty()) {
            return false;
        }
        if (quiet) {
            return true;
        }
        throw overlapProblem(startMs, durationMs, overlap.get());
    }

    private RuntimeException overlapProblem(long startMs, int durationMs, SegmentRepository.Overlap o) {
        return reject(
                409,
                "overlap",
                "Overlapping segment",
                "this segment (" + startMs + " ms, " + durationMs
                        + " ms long) overlaps the one already stored for this device at " + o.startMs() + " ms ("
                        + o.durationMs() + " ms long); a device cannot record two overlapping segments."
                        + " Check the device's clock, or continue after " + (o.startMs() + o.durationMs()) + " ms");
    }

    private void requireFreeSpace(long bytes) throws IOException {
        if (!files.onDataDisk()) {
            return; // the object store's space is not this disk's; the guard's quota keeps it in bounds
        }
        long usable = files.usableSpace();
        if (usable - bytes < config.ingest().minFreeBytes() && reclaimer.isResolvable()) {
            // the disk guard deletes unprotected old audio rather than refusing new audio
            long needed = config.ingest().minFreeBytes() + bytes - usable;
            if (reclaimer.get().reclaim(needed) > 0) {
                usable = files.usableSpace();
            }
        }
        if (usable - bytes < config.ingest().minFreeBytes()) {
            throw new StorageFullException("No space left for segments: " + usable + " bytes free, keeping "
                    + config.ingest().minFreeBytes() + " in reserve");
        }
    }

    private void announce(SegmentStored event) {
        try {
            storedEvents.fire(event);
        } catch (RuntimeException e) {
            LOG.warnf(e, "A SegmentStored observer failed for raw %d", event.rawId());
        }
        storedEvents.fireAsync(event).exceptionally(e -> {
            LOG.warnf(e, "An async SegmentStored observer failed for raw %d", event.rawId());
            return event;
        });
    }

    private ProblemException reject(int status, String code, String title, String detail) {
        metrics.record(IngestMetrics.REJECTED, code, 0);
        return new ProblemException(ApiProblem.of(status, code, title, detail));
    }

    private ProblemException unavailable(String code, String detail, Exception cause, long startNanos) {
        metrics.record(IngestMetrics.UNAVAILABLE, code, startNanos);
        LOG.warnf("Segment not stored (%s): %s", code, cause.toString());
        return ProblemException.unavailable(
                code, detail + "; keep it and retry later", config.ingest().retryAfterSeconds(), cause);
    }
}
