package io.buddybork.hub.retention;

import io.buddybork.hub.backup.BackupLock;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.ingest.SegmentRepository.Deleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Deletes segments, oldest first, that nothing protects. Protected: overlapping an annotation of
 * the same device, having a reviewed detection, or being in a model's training set; the rule is
 * one SQL predicate ({@link SegmentRepository#deleteOldestUnprotected}), evaluated in the deleting
 * statement itself.
 *
 * <p>Order of effects: one transaction deletes the rows and writes a {@code raw_tombstone} per
 * segment (the trigger keeps {@code raw_day_count} right; unreviewed detections go by cascade);
 * only after the commit are the files removed and the tombstones marked. A crash in between leaves
 * tombstones without {@code file_removed}, whose files {@link #finishPending} removes at the next
 * start: never a row without its file, never a file nobody will clean up. Deletions skip a round
 * while a backup holds {@link BackupLock}. Thread-safe (concurrent callers pick disjoint rows).
 */
@ApplicationScoped
public class SegmentReaper {
    private static final Logger LOG = Logger.getLogger(SegmentReaper.class);
    private static final OffsetDateTime NO_LIMIT = OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** Why a segment was deleted (the tombstone's and the metric's reason). */
    public enum Reason {
        RETENTION("retention"),
        DISK_GUARD("disk-guard");

        final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** One deletion round: what went, and whether a running backup held it off. */
    public record Batch(int segments, long bytes, Instant oldest, Instant newest, boolean heldOffByBackup) {
        static final Batch NONE = new Batch(0, 0, null, null, false);
    }

    @Inject
    SegmentRepository segments;

    @Inject
    TombstoneRepository tombstones;

    @Inject
    SegmentFiles files;

    @Inject
    RetentionMetrics metrics;

    /**
     * Deletes up to {@code limit} of the oldest unprotected segments that start before
     * {@code before} (null: any age).
     */
    public Batch deleteOldest(Reason reason, Instant before, int limit) throws SQLException {
        Optional<List<Deleted>> deleted = segments.deleteOldestUnprotected(
                BackupLock.KEY, reason.code(), before == null ? NO_LIMIT : before.atOffset(ZoneOffset.UTC), limit);
        if (deleted.isEmpty()) {
            return new Batch(0, 0, null, null, true);
        }
        List<Deleted> victims = deleted.get();
        if (victims.isEmpty()) {
            return Batch.NONE;
        }
        long bytes = 0;
        List<Long> removed = new ArrayList<>();
        for (Deleted v : victims) {
            if (removeFile(v.deviceId(), v.start(), v.path())) {
                removed.add(v.rawId());
            }
            bytes += v.sizeBytes();
        }
        markRemoved(removed);
        metrics.deleted(reason, victims.size(), bytes);
        return new Batch(
                victims.size(),
                bytes,
                victims.getFirst().start(),
                victims.getLast().start(),
                false);
    }

    /**
     * Removes the files of tombstones whose removal a crash interrupted; run at startup before
     * anything else deletes. Returns how many files were finished.
     */
    public int finishPending() throws SQLException {
        List<Long> removed = new ArrayList<>();
        for (Deleted v : tombstones.fileNotRemoved()) {
            if (removeFile(v.deviceId(), v.start(), v.path())) {
                removed.add(v.rawId());
            }
        }
        markRemoved(removed);
        return removed.size();
    }

    /** Deletes tombstones (the deletion log) older than {@code before} whose files are gone. */
    public int pruneTombstones(Instant before) throws SQLException {
        return tombstones.prune(before);
    }

    private boolean removeFile(long deviceId, Instant start, String path) {
        try {
            if (segments.find(deviceId, start.toEpochMilli()).isPresent()) {
                // the device uploaded this segment again since; the file is the new row's now
                return true;
            }
            files.delete(path);
            return true;
        } catch (IOException | SQLException | IllegalArgumentException e) {
            LOG.warnf(
                    "Cannot remove the file %s of a deleted segment (retried at the next start): %s",
                    path, e.toString());
            return false;
        }
    }

    private void markRemoved(List<Long> rawIds) throws SQLException {
        tombstones.markFileRemoved(rawIds);
    }
}
