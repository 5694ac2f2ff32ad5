package io.buddybork.edge.capture;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Single-producer, single-consumer byte ring between the capture reader thread and the
 * segmenter, carrying timeline markers at exact byte positions. The producer never blocks: when
 * the ring is full, {@link #write} refuses the bytes and the producer records the loss. Thread-safe
 * for one producer and one consumer.
 */
public final class RingBuffer {
    /** {@link #read} result: a marker is due at the read position; take it with {@link #takeMarker()}. */
    public static final int MARKER = -2;
    /** {@link #read} result: the stream ended and everything was read. */
    public static final int END = -1;

    /**
     * A point in the stream. {@code cut}: the audio before and after it is not continuous (capture
     * stopped or samples were lost), so the segment in progress ends here. {@code anchorMs}: UTC
     * time of the first frame after the marker, or -1 when none follows yet.
     */
    public record Marker(long position, boolean cut, long anchorMs) {}

    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final ArrayDeque<Marker> markers = new ArrayDeque<>();
    private long writePos;
    private long readPos;
    private boolean ended;

    public RingBuffer(int capacityBytes) {
        if (capacityBytes <= 0 || capacityBytes % 2 != 0) {
            throw new IllegalArgumentException("capacity must be a positive even number of bytes");
        }
        ring = new byte[capacityBytes];
    }

    /** Capacity in bytes. */
    public int capacity() {
        return ring.length;
    }

    /** Copies {@code length} bytes in, or nothing and returns false when they do not fit. */
    public boolean write(byte[] src, int offset, int length) {
        lock.lock();
        try {
            if (ended) {
                throw new IllegalStateException("ring already ended");
            }
            if (ring.length - (writePos - readPos) < length) {
                return false;
            }
            int at = (int) (writePos % ring.length);
            int first = Math.min(length, ring.length - at);
            System.arraycopy(src, offset, ring, at, first);
            System.arraycopy(src, offset + first, ring, 0, length - first);
            writePos += length;
            readable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies {@code length} bytes in, waiting for the consumer to make room: for sources that can
     * wait (replays), never for live devices.
     */
    public void writeBlocking(byte[] src, int offset, int length) throws InterruptedException {
        if (length > ring.length) {
            throw new IllegalArgumentException("write of " + length + " bytes exceeds the ring's " + ring.length);
        }
        lock.lock();
        try {
            while (ring.length - (writePos - readPos) < length) {
                writable.await();
            }
            write(src, offset, length);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Atomically places a cut marker anchored at {@code anchorMs} and writes the bytes after it,
     * or does neither and returns false when the bytes do not fit.
     */
    public boolean writeAfterMark(long anchorMs, byte[] src, int offset, int length) {
        lock.lock();
        try {
            if (ring.length - (writePos - readPos) < length) {
                return false;
            }
            mark(true, anchorMs);
            return write(src, offset, length);
        } finally {
            lock.unlock();
        }
    }

    /** Places a marker at the current write position. */
    public void mark(boolean cut, long anchorMs) {
        lock.lock();
        try {
            if (ended) {
                throw new IllegalStateException("ring already ended");
            }
            markers.addLast(new Marker(writePos, cut, anchorMs));
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream: the consumer reads what is left, then gets {@link #END}. Idempotent. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until bytes, a marker or the end are available. Never reads across a marker.
     *
     * @return bytes copied (&gt; 0), {@link #MARKER}, or {@link #END}
     */
    public int read(byte[] dst, int offset, int length) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                Marker next = markers.peekFirst();
                if (next != null && next.position() == readPos) {
                    return MARKER;
                }
                long ready = writePos - readPos;
                if (ready > 0) {
                    if (next != null) {
                        ready = Math.min(ready, next.position() - readPos);
                    }
                    int n = (int) Math.min(length, ready);
                    int at = (int) (readPos % ring.length);
                    int first = Math.min(n, ring.length - at);
                    System.arraycopy(ring, at, dst, offset, first);
                    System.arraycopy(ring, 0, dst, offset + first, n - first);
                    readPos += n;
                    writable.signal();
                    return n;
                }
                if (ended) {
                    return END;
                }
                readable.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the marker due at the read position (after {@link #read} said {@link #MARKER}). */
    public Marker takeMarker() {
        lock.lock();
        try {
            Marker next = markers.peekFirst();
            if (next == null || next.position() != readPos) {
                throw new IllegalStateException("no marker at read position " + readPos);
            }
            return markers.removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes written and not yet read. */
    public long buffered() {
        lock.lock();
        try {
            return writePos - readPos;
        } finally {
            lock.unlock();
        }
    }
}
