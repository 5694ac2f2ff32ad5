package io.buddybork.recognition.cache;

import io.buddybork.model.storage.DurableFiles;
import io.buddybork.recognition.feature.FeatureConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * On-disk cache of segment feature vectors keyed by (segment identity, feature configuration
 * fingerprint), so re-training never recomputes features. Layout:
 * {@code DIR/<fingerprint>/<2 hex>/<sha-256 of id>.feat}.
 *
 * <p>Thread-safe and safe across processes: concurrent requests for one key in this JVM compute it
 * once; entries are written atomically (temp file, rename; not forced to disk, since any entry can
 * be recomputed) so readers never see partial files; every entry carries its segment id, fingerprint and a CRC-32, and an entry that fails any
 * check (corrupt, truncated, hash collision) is recomputed and rewritten.
 */
public final class FeatureCache {

    private static final int MAGIC = 0x42424643; // "BBFC"
    private static final int FORMAT = 1;

    private final Path root;
    private final String fingerprint;
    private final ConcurrentHashMap<String, CompletableFuture<float[]>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    /** A cache under {@code root} for vectors made with {@code config}. */
    public FeatureCache(Path root, FeatureConfig config) {
        this.root = root.resolve(config.fingerprint());
        this.fingerprint = config.fingerprint();
    }

    /**
     * The cached vector of {@code segmentId}, or the result of {@code compute} (stored for next
     * time). {@code segmentId} must change whenever the audio does (e.g. include size and mtime).
     */
    public float[] get(String segmentId, Supplier<float[]> compute) {
        CompletableFuture<float[]> mine = new CompletableFuture<>();
        CompletableFuture<float[]> running = inFlight.putIfAbsent(segmentId, mine);
        if (running != null) {
            return running.join().clone();
        }
        try {
            float[] v = loadOrCompute(segmentId, compute);
            mine.complete(v);
            return v.clone();
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(segmentId, mine);
        }
    }

    private float[] loadOrCompute(String segmentId, Supplier<float[]> compute) {
        Path file = pathOf(segmentId);
        try {
            float[] cached = read(file, segmentId);
            if (cached != null) {
                hits.incrementAndGet();
                return cached;
            }
        } catch (NoSuchFileException e) {
            // first time
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read feature cache entry " + file, e);
        }
        float[] v = compute.get();
        try {
            // Not forced: an entry garbled by a power cut fails its CRC and is recomputed, and live
            // detection must not queue synchronous flushes in front of the uploads' own.
            DurableFiles.writeReplaceable(file, encode(segmentId, v));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write feature cache entry " + file, e);
        }
        return v;
    }

    /** Path of the entry of a segment id. */
    public Path pathOf(String segmentId) {
        String hash = sha256(segmentId);
        return root.resolve(hash.substring(0, 2)).resolve(hash + ".feat");
    }

    private float[] read(Path file, String segmentId) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (bytes.length < 16 || in.readInt() != MAGIC || in.readInt() != FORMAT) {
                corrupt.incrementAndGet();
                return null;
            }
            String fp = in.readUTF();
            String id = in.readUTF();
            int n = in.readInt();
            if (!fp.equals(fingerprint) || !id.equals(segmentId) || n < 0 || n > bytes.length / 4) {
                corrupt.incrementAndGet();
                return null;
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = in.readFloat();
            }
            int bodyLength = bytes.length - in.available();
            long crc = in.readLong();
            CRC32 check = new CRC32();
            check.update(bytes, 0, bodyLength);
            if (check.getValue() != crc || in.available() != 0) {
                corrupt.incrementAndGet();
                return null;
            }
            return v;
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            corrupt.incrementAndGet();
            return null;
        }
    }

    private byte[] encode(String segmentId, float[] v) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + segmentId.length() + 4 * v.length);
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(fingerprint);
            out.writeUTF(segmentId);
            out.writeInt(v.length);
            for (float x : v) {
                out.writeFloat(x);
            }
            out.flush();
            CRC32 crc = new CRC32();
            byte[] body = buf.toByteArray();
            crc.update(body);
            out.writeLong(crc.getValue());
        }
        return buf.toByteArray();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entries served from disk. */
    public long hits() {
        return hits.get();
    }

    /** Entries found corrupt and recomputed. */
    public long corruptEntries() {
        return corrupt.get();
    }
}
