package io.buddybork.edge.spool;

import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.wav.WavCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The durable queue of segments waiting for upload: one canonical WAV file per segment, named
 * {@code <startMs>.wav} ({@link SegmentNames}), handed out oldest first.
 *
 * <p>Durability: {@link #put} returns only after the file and its directory entry were fsynced
 * (temp name, fsync, atomic rename, directory fsync), so an acknowledged segment survives a crash
 * or power cut. A file is deleted only by {@link #acknowledge} (the hub stored it), by budget
 * eviction (counted and logged) or moved by {@link #reject} to {@code rejected/} with the hub's
 * reason beside it. On {@link #open}, leftover temporary files and WAV files whose header does not
 * match their size are moved to {@code quarantine/} and never uploaded.
 *
 * <p>Thread-safety: all methods may be called from any thread; a segment handed out by
 * {@link #take} is invisible to other takers until acknowledged, rejected or released.
 */
public final class Spool {
    private static final Logger LOG = Logger.getLogger("spool");
    /** Sub-directory for segments the hub refused. */
    public static final String REJECTED = "rejected";
    /** Sub-directory for files found damaged or half-written at start. */
    public static final String QUARANTINE = "quarantine";
    /** Smallest budget accepted: room for a few segments. */
    public static final long MIN_BUDGET_BYTES =
            4L * (SegmentFormat.WAV_HEADER_BYTES + SegmentFormat.SEGMENT_FRAMES * SegmentFormat.BYTES_PER_FRAME);

    /** A spooled segment. */
    public record Entry(long startMs, Path path, long size) {}

    private final Path dir;
    private final Path rejectedDir;
    private final Path quarantineDir;
    private final long budgetBytes;
    private final EdgeMetrics metrics;
    private final TreeMap<Long, Entry> pending = new TreeMap<>();
    private final Set<Long> inFlight = new HashSet<>();
    private long bytes;

    private Spool(Path dir, long budgetBytes, EdgeMetrics metrics) {
        this.dir = dir;
        this.rejectedDir = dir.resolve(REJECTED);
        this.quarantineDir = dir.resolve(QUARANTINE);
        this.budgetBytes = budgetBytes;
        this.metrics = metrics;
    }

    /**
     * Opens (creating if needed) the spool in {@code dir}, quarantines leftovers and indexes the
     * segments already waiting.
     *
     * @throws IOException when the directory cannot be created or read
     */
    public static Spool open(Path dir, long budgetBytes, EdgeMetrics metrics) throws IOException {
        if (budgetBytes < MIN_BUDGET_BYTES) {
            throw new IllegalArgumentException(
                    "spool budget must be at least " + MIN_BUDGET_BYTES + " bytes (4 segments), got " + budgetBytes);
        }
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, budgetBytes, metrics);
        spool.recover();
        return spool;
    }

    /** The spool directory. */
    public Path directory() {
        return dir;
    }

    /** The directory of refused segments. */
    public Path rejectedDirectory() {
        return rejectedDir;
    }

    private void recover() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.forEach(files::add);
        }
        int quarantined = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (name.endsWith(DurableFiles.TEMP_SUFFIX) && name.contains(SegmentNames.EXTENSION)) {
                quarantine(file, "left over from an interrupted write");
                quarantined++;
            } else if (name.endsWith(SegmentNames.EXTENSION)) {
                String fault = validate(file);
                if (fault != null) {
                    quarantine(file, fault);
                    quarantined++;
                } else {
                    long startMs = SegmentNames.parseFileName(name);
                    Entry entry = new Entry(startMs, file, Files.size(file));
                    pending.put(startMs, entry);
                    bytes += entry.size();
                }
            }
        }
        publish();
        if (quarantined > 0 || !pending.isEmpty()) {
            LOG.info("spool " + dir + ": " + pending.size() + " segments (" + bytes / 1024 + " KiB) waiting from before"
                    + (quarantined > 0 ? ", " + quarantined + " damaged files quarantined" : ""));
        }
        synchronized (this) {
            evictOverBudget();
        }
    }

    /** Why a spool WAV cannot be trusted, or null when its name and canonical header match its size. */
    private static String validate(Path file) throws IOException {
        String name = file.getFileName().toString();
        try {
            SegmentNames.parseFileName(name);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        long size = Files.size(file);
        long dataBytes = size - SegmentFormat.WAV_HEADER_BYTES;
        if (dataBytes < SegmentFormat.BYTES_PER_FRAME
                || dataBytes % SegmentFormat.BYTES_PER_FRAME != 0
                || size > SegmentFormat.MAX_UPLOAD_BYTES) {
            return "truncated or oversized (" + size + " bytes)";
        }
        byte[] header = new byte[SegmentFormat.WAV_HEADER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(header, 0, header.length) != header.length) {
                return "truncated header";
            }
        }
        ByteBuffer expected = ByteBuffer.allocate(SegmentFormat.WAV_HEADER_BYTES);
        WavCodec.writeHeader(expected, (int) dataBytes, SegmentFormat.SAMPLE_RATE);
        if (!Arrays.equals(expected.array(), header)) {
            return "header does not match the file size (truncated or foreign file)";
        }
        return null;
    }

    private void quarantine(Path file, String why) throws IOException {
        Files.createDirectories(quarantineDir);
        Path target = unusedName(quarantineDir, file.getFileName().toString());
        DurableFiles.move(file, target);
        metrics.filesQuarantined.incrementAndGet();
        LOG.warning("quarantined " + file.getFileName() + " (" + why + ") to " + target);
    }

    private static Path unusedName(Path directory, String name) {
        Path target = directory.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = directory.resolve(name + "." + i);
        }
        return target;
    }

    /**
     * Durably stores a segment; returns once it is on disk. When the spool then exceeds its
     * budget, the oldest segments not being uploaded are evicted (counted and logged). A start
     * already waiting in the spool is never overwritten: the newcomer is filed 1 ms later. Called
     * from one thread (the segmenter).
     */
    public void put(long startMs, byte[] wav) throws IOException {
        long key = startMs;
        synchronized (this) {
            // a clock stepped back can repeat a start that still waits here: never overwrite it
            while (pending.containsKey(key)) {
                key++;
            }
        }
        if (key != startMs) {
            LOG.warning("segment " + startMs + " is already in the spool (clock stepped back?); spooling this one as "
                    + key + " so that neither is lost");
        }
        Path target = dir.resolve(SegmentNames.fileName(key));
        DurableFiles.write(target, wav);
        synchronized (this) {
            pending.put(key, new Entry(key, target, wav.length));
            bytes += wav.length;
            metrics.segmentsSpooled.incrementAndGet();
            evictOverBudget();
            publish();
            notifyAll();
        }
    }

    private void evictOverBudget() {
        if (bytes <= budgetBytes) {
            return;
        }
        for (var it = pending.entrySet().iterator(); it.hasNext() && bytes > budgetBytes; ) {
            Entry oldest = it.next().getValue();
            if (inFlight.contains(oldest.startMs())) {
                continue;
            }
            try {
                DurableFiles.delete(oldest.path());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not evict " + oldest.path(), e);
                continue;
            }
            it.remove();
            bytes -= oldest.size();
            long evicted = metrics.segmentsEvicted.incrementAndGet();
            if (evicted % 100 == 1) { // one line per hundred: an outage must not flood the journal
                LOG.warning("spool over its budget of " + budgetBytes / 1024 + " KiB: evicted the oldest segment "
                        + oldest.path().getFileName() + " unsent (" + evicted + " evicted so far)");
            }
        }
        publish();
    }

    /**
     * Hands out the oldest segment nobody is uploading, waiting up to {@code timeout} for one.
     *
     * @return the entry, or null on timeout
     */
    public synchronized Entry take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            for (Map.Entry<Long, Entry> e : pending.entrySet()) {
                if (inFlight.add(e.getKey())) {
                    return e.getValue();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The bytes of a taken segment. */
    public byte[] read(Entry entry) throws IOException {
        return Files.readAllBytes(entry.path());
    }

    /** The hub stored the segment: delete it for good. */
    public void acknowledge(Entry entry) throws IOException {
        DurableFiles.delete(entry.path());
        forget(entry);
    }

    /** The upload failed for now: the segment goes back to the queue, still oldest first. */
    public synchronized void release(Entry entry) {
        inFlight.remove(entry.startMs());
        notifyAll();
    }

    /** Drops a taken entry whose file disappeared (evicted or removed by hand). */
    public synchronized void forget(Entry entry) {
        inFlight.remove(entry.startMs());
        Entry current = pending.get(entry.startMs());
        if (current != null && current.path().equals(entry.path())) {
            pending.remove(entry.startMs());
            bytes -= current.size();
        }
        publish();
        notifyAll();
    }

    /**
     * The hub refused the segment for good: write {@code reason} (the hub's problem JSON, or a
     * JSON note) durably to {@code rejected/<startMs>.reason.json}, then move the WAV beside it.
     */
    public void reject(Entry entry, String reason) throws IOException {
        Files.createDirectories(rejectedDir);
        String base = Long.toString(entry.startMs());
        DurableFiles.write(rejectedDir.resolve(base + ".reason.json"), reason.getBytes(StandardCharsets.UTF_8));
        DurableFiles.move(entry.path(), rejectedDir.resolve(base + SegmentNames.EXTENSION));
        forget(entry);
    }

    /** Segments waiting (including those being uploaded). */
    public synchronized int depth() {
        return pending.size();
    }

    /** Bytes waiting. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Waits until the spool is empty; true when it is. */
    public synchronized boolean awaitEmpty(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void publish() {
        metrics.spoolDepth.set(pending.size());
        metrics.spoolBytes.set(bytes);
    }
}
