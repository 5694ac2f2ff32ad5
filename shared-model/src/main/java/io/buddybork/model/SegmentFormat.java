package io.buddybork.model;

/**
 * The fixed audio format of a Buddybork segment: 44.1 kHz, mono, signed 16-bit little-endian PCM,
 * 3 s (132,300 frames) per segment as produced by the edge, at most 10 s as accepted by the hub.
 */
public final class SegmentFormat {
    /** Frames per second. */
    public static final int SAMPLE_RATE = 44_100;
    /** Mono. */
    public static final int CHANNELS = 1;
    /** Signed, little-endian. */
    public static final int BITS_PER_SAMPLE = 16;
    /** Bytes per frame (mono 16-bit). */
    public static final int BYTES_PER_FRAME = 2;
    /** Frames in one edge segment: exactly 3 s. */
    public static final int SEGMENT_FRAMES = 132_300;
    /** Duration of one edge segment. */
    public static final long SEGMENT_MILLIS = 3_000;
    /** Longest segment the hub accepts. */
    public static final long MAX_SEGMENT_MILLIS = 10_000;
    /** Largest upload body the hub accepts, in bytes. */
    public static final int MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
    /** Size of the canonical 44-byte WAV header written by {@link io.buddybork.model.wav.WavCodec}. */
    public static final int WAV_HEADER_BYTES = 44;

    private SegmentFormat() {}
}
