package io.buddybork.hub.annotate;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * In-memory cache of stitched listening windows, bounded in bytes with least-recently-used
 * eviction and a time to live; nothing is written to disk. An entry larger than the whole budget
 * is served but not kept. Thread-safe; the value is built outside the lock, so two requests for
 * the same new window may both build it (harmless: same bytes, last one kept).
 */
final class MacroAudioCache {

    private record Entry(byte[] bytes, long expiresAtNanos) {}

    private final long maxBytes;
    private final long ttlNanos;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    MacroAudioCache(long maxBytes, Duration ttl) {
        this.maxBytes = maxBytes;
        this.ttlNanos = ttl.toNanos();
    }

    /** The cached value of {@code key}, or {@code build}'s result, kept if it fits. */
    byte[] get(String key, Supplier<byte[]> build) {
        long now = System.nanoTime();
        synchronized (this) {
            Entry e = entries.get(key);
            if (e != null && now - e.expiresAtNanos() < 0) {
                return e.bytes();
            }
        }
        byte[] value = build.get();
        put(key, value, now);
        return value;
    }

    private synchronized void put(String key, byte[] value, long now) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= old.bytes().length;
        }
        if (value.length > maxBytes) {
            return;
        }
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (bytes + value.length > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes().length;
            eldest.remove();
        }
        entries.put(key, new Entry(value, now + ttlNanos));
        bytes += value.length;
    }

    /** Bytes held now. */
    synchronized long bytes() {
        return bytes;
    }
}
