package io.buddybork.edge.capture;

import java.io.IOException;

/**
 * An open stream of 44.1 kHz mono signed 16-bit little-endian PCM. Used by exactly one reader
 * thread; {@link #close()} may be called from another thread to unblock a read.
 */
public interface AudioLine extends AutoCloseable {

    /**
     * Blocks until some audio is available and copies up to {@code length} bytes (whole frames)
     * into {@code buffer}.
     *
     * @return bytes read (a multiple of 2, possibly fewer than asked), or -1 at the end of a finite
     *     source
     * @throws IOException when the device fails or was closed underneath the reader
     */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Bytes captured by the device and not yet read, 0 when unknown. */
    int available();

    /** Size of the device buffer in bytes: {@link #available()} reaching it means samples are dropped. */
    int bufferBytes();

    /**
     * Whether the line produces audio in real time, so that the samples it delivers can be checked
     * against {@link #nanoTime()} to detect samples the driver dropped (false for replays).
     */
    boolean realTime();

    /** Monotonic clock of this line in nanoseconds (System.nanoTime for real devices). */
    long nanoTime();

    /**
     * Milliseconds added to the wall clock when this line's timeline is anchored (0 for live
     * devices). A replay faster or slower than real time ends its timeline at "now" instead of
     * starting there, so that no segment is stamped in the future, where the hub refuses it.
     */
    default long anchorBiasMillis() {
        return 0;
    }

    /**
     * UTC milliseconds at which this line's timeline starts, given that its first chunk was
     * captured at {@code nowMs} by the wall clock: {@code nowMs} plus {@link #anchorBiasMillis()},
     * unless the line's audio has a time of its own (a replay told when it was recorded).
     */
    default long anchorMillis(long nowMs) {
        return nowMs + anchorBiasMillis();
    }

    /** The device, format and buffer actually opened, for logs and {@code --check}. */
    default String describeLine() {
        return "";
    }

    /** Releases the device; idempotent. */
    @Override
    void close();
}
