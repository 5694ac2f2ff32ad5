package io.buddybork.edge.capture;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A run of captured audio handed from the segmenter to its sink: {@code length} bytes of
 * little-endian 16-bit mono frames in {@code buffer}, starting at {@code startMs} (UTC), whose
 * largest absolute sample is {@code maxAbs}. Normally exactly {@link SegmentFormat#SEGMENT_FRAMES}
 * frames; shorter only where capture stopped, the source ended, or samples were lost.
 *
 * <p>The buffer belongs to the segmenter and is reused once the sink returns: a sink that keeps
 * the audio must {@link #copy()} it or write it out ({@link #toWav()}) before returning. This keeps
 * a silent segment free of any allocation.
 */
public record CapturedSegment(long startMs, byte[] buffer, int length, int maxAbs) {

    public CapturedSegment {
        if (length <= 0 || length % SegmentFormat.BYTES_PER_FRAME != 0 || length > buffer.length) {
            throw new IllegalArgumentException("segment must hold whole frames, got " + length + " bytes");
        }
    }

    /** Number of frames. */
    public int frames() {
        return length / SegmentFormat.BYTES_PER_FRAME;
    }

    /** Whether this is a full 3-second segment. */
    public boolean complete() {
        return frames() == SegmentFormat.SEGMENT_FRAMES;
    }

    /** A copy of the PCM bytes. */
    public byte[] pcm() {
        return Arrays.copyOf(buffer, length);
    }

    /** A copy that owns its bytes and can be kept after the sink returns. */
    public CapturedSegment copy() {
        return new CapturedSegment(startMs, pcm(), length, maxAbs);
    }

    /** The segment as a canonical WAV file (44-byte header + the PCM bytes unchanged), newly allocated. */
    public byte[] toWav() {
        byte[] wav = new byte[SegmentFormat.WAV_HEADER_BYTES + length];
        WavCodec.writeHeader(ByteBuffer.wrap(wav), length, SegmentFormat.SAMPLE_RATE);
        System.arraycopy(buffer, 0, wav, SegmentFormat.WAV_HEADER_BYTES, length);
        return wav;
    }
}
