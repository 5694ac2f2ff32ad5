package io.buddybork.hub.ingest;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.device.DeviceRepository;
import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StoredObject;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * At startup, makes files and rows agree again after a crash: removes temp files left by earlier
 * processes and indexes every complete segment file that has no {@code raw} row (the crash hit
 * between the durable rename and the commit; the device was not acknowledged and will re-upload,
 * which then answers 200). Files that do not decode, or that overlap a stored segment of the device
 * (the check of an upload, {@link SegmentRepository#insertUnlessOverlapping}), are moved to
 * {@code <data-dir>/quarantine/}.
 * Only day directories modified since the previous reconciliation (minus a margin) are listed,
 * so the work stays proportional to recent activity, not to the archive size. With the S3 store
 * the same pass lists the day prefixes of each known device from the previous pass's day (minus
 * the margin) to tomorrow, the whole bucket's {@code raw/} on the first pass or after
 * {@value #FULL_LISTING_DAYS} days without one; its marker is the object {@code raw/.reconciled}
 * and undecodable objects move to {@code quarantine/} in the bucket. Temp files do not exist there
 * (an S3 PUT is atomic).
 */
@ApplicationScoped
public class OrphanReconciler {
    private static final Logger LOG = Logger.getLogger(OrphanReconciler.class);
    private static final String MARKER = ".reconciled";
    private static final long MARGIN_MS = 6 * 3600_000L;
    /** Beyond this many days since the last pass, one listing of {@code raw/} is cheaper than a prefix per day. */
    static final int FULL_LISTING_DAYS = 60;

    @Inject
    HubConfig config;

    @Inject
    SegmentFiles files;

    @Inject
    SegmentRepository segments;

    @Inject
    DeviceRepository devices;

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
        if (!files.onDataDisk()) {
            return reconcileStore();
        }
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
            Set<Long> indexed = segments.startsBetween(deviceId, Math.min(from, first), Math.max(to, first + 1));
            for (long start : starts) {
                if (!indexed.contains(start)) {
                    indexOrphan(deviceId, start, counts);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reconcile " + dayDir + ": " + e.getMessage(), e);
        }
    }

    /** The pass over an object store (see the class comment). */
    private Report reconcileStore() {
        ObjectStore store = files.store();
        long passStart = System.currentTimeMillis();
        long since = readStoreMarker(store) - MARGIN_MS;
        int[] counts = new int[4];
        Map<String, List<Long>> byDay = new TreeMap<>();
        Consumer<StoredObject> collect = o -> {
            int slash = o.key().lastIndexOf('/');
            String name = o.key().substring(slash + 1);
            if (!name.endsWith(SegmentNames.EXTENSION) || name.startsWith(".")) {
                return;
            }
            try {
                byDay.computeIfAbsent(o.key().substring(0, slash + 1), d -> new ArrayList<>())
                        .add(SegmentNames.parseFileName(name));
            } catch (IllegalArgumentException e) {
                LOG.warnf("Ignoring unexpected object %s", o.key());
            }
        };
        try {
            long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
            long firstDay = Math.floorDiv(since, 86_400_000L);
            if (today - firstDay > FULL_LISTING_DAYS) {
                store.list("raw/", collect);
            } else {
                for (long deviceId : devices.ids()) {
                    for (long d = firstDay; d <= today + 1; d++) {
                        LocalDate day = LocalDate.ofEpochDay(d);
                        store.list(
                                String.format(
                                        "raw/%d/%04d/%02d/%02d/",
                                        deviceId, day.getYear(), day.getMonthValue(), day.getDayOfMonth()),
                                collect);
                    }
                }
            }
            for (Map.Entry<String, List<Long>> e : byDay.entrySet()) {
                String[] parts = e.getKey().split("/");
                if (parts.length < 2 || !parts[1].matches("[0-9]{1,18}")) {
                    continue;
                }
                counts[0]++;
                reconcileStarts(Long.parseLong(parts[1]), e.getValue(), counts);
            }
            writeStoreMarker(store, passStart);
        } catch (IOException | SQLException e) {
            LOG.warnf("Cannot reconcile the object store %s now: %s", store.describe(), e.getMessage());
        }
        return new Report(counts[0], counts[1], counts[2], counts[3]);
    }

    private static long readStoreMarker(ObjectStore store) {
        try {
            return Long.parseLong(new String(store.read("raw/" + MARKER), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return Long.MIN_VALUE / 2; // first pass: everything
        }
    }

    private static void writeStoreMarker(ObjectStore store, long passStart) throws IOException {
        store.put("raw/" + MARKER, Long.toString(passStart).getBytes(StandardCharsets.US_ASCII));
    }

    private void reconcileStarts(long deviceId, List<Long> starts, int[] counts) throws SQLException {
        long first = starts.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = starts.stream().mapToLong(Long::longValue).max().orElseThrow();
        Set<Long> indexed = segments.startsBetween(deviceId, first, last + 1);
        for (long start : starts) {
            if (!indexed.contains(start)) {
                indexOrphan(deviceId, start, counts);
            }
        }
    }

    private void indexOrphan(long deviceId, long startMs, int[] counts) throws SQLException {
        String file = SegmentNames.relativePath(deviceId, startMs);
        byte[] wav;
        try {
            wav = files.read(file);
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
        if (!devices.exists(deviceId)) {
            LOG.warnf("Orphan %s belongs to unknown device %d; left in place", file, deviceId);
            return;
        }
        if (audio.durationMillis() == 0) {
            quarantine(file, "shorter than 1 ms", counts);
            return;
        }
        SegmentRepository.NewRow row = SegmentRepository.NewRow.of(deviceId, startMs, audio, wav);
        // the same check as an upload: another hub may have stored an overlapping segment of the
        // device since the crash, and the index must never hold two overlapping rows
        SegmentRepository.Insert insert = segments.insertUnlessOverlapping(row);
        if (insert.overlap().isPresent()) {
            SegmentRepository.Overlap o = insert.overlap().get();
            quarantine(file, "overlaps the stored segment at " + o.startMs() + " (" + o.durationMs() + " ms)", counts);
            return;
        }
        if (insert.id().isPresent()) {
            counts[1]++;
            LOG.infof(
                    "Indexed orphan segment %s as raw %d",
                    row.path(), insert.id().getAsLong());
        }
    }

    private void quarantine(String key, String why, int[] counts) {
        try {
            String target = "quarantine/" + key;
            Optional<Path> local = files.store().localFile(key);
            if (local.isPresent()) {
                DurableFiles.move(local.get(), files.store().localFile(target).orElseThrow());
            } else {
                // S3 has no rename: copy, then delete; a crash in between leaves both, and the next pass retries
                files.store().put(target, files.read(key));
                files.delete(key);
            }
            counts[3]++;
            LOG.warnf("Moved undecodable segment %s to %s: %s", key, target, why);
        } catch (IOException e) {
            LOG.warnf("Cannot quarantine %s: %s", key, e.getMessage());
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
