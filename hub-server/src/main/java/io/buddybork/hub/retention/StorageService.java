package io.buddybork.hub.retention;

import io.buddybork.hub.ingest.DataVolume;
import io.buddybork.hub.ingest.SegmentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes the {@link StorageOverview} from the audio's space ({@link AudioSpace}: the data volume,
 * or the S3 quota; an S3 store without a quota shows the data volume, which then holds only
 * working files), the {@code raw} table and the tombstones.
 */
@ApplicationScoped
public class StorageService {

    @Inject
    SegmentRepository segments;

    @Inject
    TombstoneRepository tombstones;

    @Inject
    DataVolume volume;

    @Inject
    AudioSpace space;

    @Inject
    DiskGuard guard;

    @Inject
    RetentionConfig config;

    @Inject
    io.buddybork.hub.backup.ScheduledBackup backup;

    /** The current overview; reads a few aggregates (the protected sum scans the segments). */
    public StorageOverview overview() {
        try {
            long total = space.bounded() ? space.totalBytes() : volume.totalBytes();
            long free = space.bounded() ? space.usableBytes() : volume.usableBytes();
            long threshold = guard.thresholdBytes();
            SegmentRepository.Totals stored = segments.totals();
            SegmentRepository.Totals kept = segments.protectedTotals();
            long perDay = segments.bytesPerDayLastWeek();
            Map<String, StorageOverview.Deleted> deleted = new LinkedHashMap<>();
            for (SegmentReaper.Reason r : SegmentReaper.Reason.values()) {
                deleted.put(r.code(), new StorageOverview.Deleted(0, 0));
            }
            Instant lastDeletion = null;
            for (TombstoneRepository.Deletions d : tombstones.lastMonth()) {
                deleted.put(d.reason(), new StorageOverview.Deleted(d.segments(), d.bytes()));
                if (lastDeletion == null || d.last().isAfter(lastDeletion)) {
                    lastDeletion = d.last();
                }
            }
            Double days = perDay > 0 ? Math.max(0, (free - threshold) / (double) perDay) : null;
            return new StorageOverview(
                    total,
                    free,
                    threshold,
                    config.keepDays().isPresent() ? config.keepDays().getAsInt() : null,
                    stored.segments(),
                    stored.bytes(),
                    stored.oldest(),
                    kept.segments(),
                    kept.bytes(),
                    perDay,
                    days,
                    deleted,
                    lastDeletion,
                    backup.enabled() ? backup.status() : null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read storage figures: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
