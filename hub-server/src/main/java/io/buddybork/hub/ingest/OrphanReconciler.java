package io.buddybork.hub.ingest;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * At startup, makes files and rows agree again after a crash: removes temp files left by earlier
 * processes and indexes every complete segment file that has no {@code raw} row (the crash hit
 * between the durable rename and the commit; the device was not acknowledged and will re-upload,
 * which then answers 200). Files that do not decode are moved to {@code <data-dir>/quarantine/}.
 * Only day directories modified since the previous reconciliation (minus a margin) are listed,
 * so the work stays proportional to recent activity, not to the archive size.
 */
@ApplicationScoped
public class OrphanReconciler {
    private static final Logger LOG = Logger.getLogger(OrphanReconciler.class);
    private static final String MARKER = ".reconciled";
    private static final long MARGIN_MS = 6 * 3600_000L;

    @Inject
    HubConfig config;

    @Inject
    SegmentFiles files;

    @Inject
    RawIndex index;

    /** Counts of one pass, for logs and tests. */
    public record Report(int directoriesListed, int indexed, int tempsRemoved, int quarantined) {}

    @ExclusiveAcrossHubs("orphan-reconcile") // a hub starting while another reconciles leaves it to that one
    void onSchemaReady(@Observes SchemaReady ready) {
        if (config.ingest().reconcileAtStartup()) {
            Report r = reconcile();
            if (r.indexed() + r.tempsRemoved() + r.quarantined() > 0) {
                LOG.infof(
                        "Reconciled segment files: %d indexed, %d temp files removed, %d quarantined (%d day directories listed)",
                        r.indexed(), r.tempsRemoved(), r.quarantined(), r.directoriesListed());
            }
        }
    }

    /** One reconciliation pass over the recently modified day directories. */
    public Report reconcile() {
        Path raw = files.dataRoot().resolve("raw");
        if (!Files.isDirectory(raw)) {
            return new Report(0, 0, 0, 0);
        }
        long passStart = System.currentTimeMillis();
        long since = readMarker(raw) - MARGIN_MS;
        int[] counts = new int[4];
        for (Path deviceDir : list(raw)) {
            String name = deviceDir.getFileName().toString();
            if (!name.matches("[0-9]{1,18}") || !Files.isDirectory(deviceDir)) {
                continue;
            }
            long deviceId = Long.parseLong(name);
            for (Path year : list(deviceDir)) {
                for (Path month : list(year)) {
                    for (Path day : list(month)) {
                        if (Files.isDirectory(day) && modifiedMs(day) >= since) {
                            reconcileDay(deviceId, day, counts);
                        }
                    }
                }
            }
        }
        writeMarker(raw, passStart);
        return new Report(counts[0], counts[1], counts[2], counts[3]);
    }

    private void reconcileDay(long deviceId, Path dayDir, int[] counts) {
        counts[0]++;
        List<Long> starts = new ArrayList<>();
        for (Path f : list(dayDir)) {
            String name = f.getFileName().toString();
            if (SegmentFiles.isStaleTemp(name)) {
                try {
                    DurableFiles.delete(f);
                    counts[2]++;
                } catch (IOException e) {
                    LOG.warnf("Cannot remove stale temp file %s: %s", f, e.getMessage());
                }
            } else if (name.endsWith(SegmentNames.EXTENSION) && !name.startsWith(".")) {
                try {
                    starts.add(SegmentNames.parseFileName(name));
                } catch (IllegalArgumentException e) {
                    LOG.warnf("Ignoring unexpected file %s", f);
                }
            }
        }
        if (starts.isEmpty()) {
            return;
        }
        try {
            long first = starts.stream().mapToLong(Long::longValue).min().orElseThrow();
            LocalDate day =
                    java.time.Instant.ofEpochMilli(first).atZone(ZoneOffset.UTC).toLocalDate();
            long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            Set<Long> indexed = index.startsBetween(deviceId, Math.min(from, first), Math.max(to, first + 1));
            for (long start : starts) {
                if (!indexed.contains(start)) {
                    indexOrphan(deviceId, start, counts);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reconcile " + dayDir + ": " + e.getMessage(), e);
        }
    }

    private void indexOrphan(long deviceId, long startMs, int[] counts) throws SQLException {
        Path file = files.pathOf(deviceId, startMs);
        byte[] wav;
        try {
            wav = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.warnf("Cannot read orphan %s: %s", file, e.getMessage());
            return;
        }
        PcmAudio audio;
        try {
            audio = WavCodec.decodeSegment(wav);
        } catch (WavFormatException e) {
            quarantine(file, e.getMessage(), counts);
            return;
        }
        if (!index.deviceExists(deviceId)) {
            LOG.warnf("Orphan %s belongs to unknown device %d; left in place", file, deviceId);
            return;
        }
        if (audio.durationMillis() == 0) {
            quarantine(file, "shorter than 1 ms", counts);
            return;
        }
        RawIndex.NewRow row = RawIndex.NewRow.of(deviceId, startMs, audio, wav);
        var id = index.insert(row);
        if (id.isPresent()) {
            counts[1]++;
            LOG.infof("Indexed orphan segment %s as raw %d", row.path(), id.getAsLong());
        }
    }

    private void quarantine(Path file, String why, int[] counts) {
        try {
            Path target = files.dataRoot()
                    .resolve("quarantine")
                    .resolve(files.dataRoot().relativize(file));
            DurableFiles.move(file, target);
            counts[3]++;
            LOG.warnf("Moved undecodable segment %s to %s: %s", file, target, why);
        } catch (IOException e) {
            LOG.warnf("Cannot quarantine %s: %s", file, e.getMessage());
        }
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(out::add);
        } catch (IOException e) {
            LOG.warnf("Cannot list %s: %s", dir, e.getMessage());
        }
        return out;
    }

    private static long modifiedMs(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long readMarker(Path raw) {
        try {
            return Long.parseLong(Files.readString(raw.resolve(MARKER)).strip());
        } catch (IOException | NumberFormatException e) {
            return Long.MIN_VALUE / 2; // first pass: everything
        }
    }

    private static void writeMarker(Path raw, long passStart) {
        try {
            DurableFiles.write(raw.resolve(MARKER), Long.toString(passStart).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.warnf("Cannot write reconciliation marker: %s", e.getMessage());
        }
    }
}
