package io.buddybork.edge.capture;

import io.buddybork.model.AmplitudeStats;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A run of captured audio: {@code pcm} holds little-endian 16-bit mono frames starting at
 * {@code startMs} (UTC). Normally exactly {@link SegmentFormat#SEGMENT_FRAMES} frames; shorter only
 * where capture stopped, the source ended, or samples were lost. Immutable by convention: the
 * array is owned by the segment.
 */
public record CapturedSegment(long startMs, byte[] pcm) {

    public CapturedSegment {
        if (pcm.length == 0 || pcm.length % SegmentFormat.BYTES_PER_FRAME != 0) {
            throw new IllegalArgumentException("segment must hold whole frames, got " + pcm.length + " bytes");
        }
    }

    /** Number of frames. */
    public int frames() {
        return pcm.length / SegmentFormat.BYTES_PER_FRAME;
    }

    /** Whether this is a full 3-second segment. */
    public boolean complete() {
        return frames() == SegmentFormat.SEGMENT_FRAMES;
    }

    /** Largest absolute sample value (what the hub stores as max_amp). */
    public int maxAbs() {
        short[] samples = new short[frames()];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return AmplitudeStats.maxAbs(samples);
    }

    /** The segment as a canonical WAV file (44-byte header + the PCM bytes unchanged). */
    public byte[] toWav() {
        ByteBuffer out = ByteBuffer.allocate(SegmentFormat.WAV_HEADER_BYTES + pcm.length);
        WavCodec.writeHeader(out, pcm.length, SegmentFormat.SAMPLE_RATE);
        out.put(pcm);
        return out.array();
    }
}
