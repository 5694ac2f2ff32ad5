package io.buddybork.hub.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a window of one device's audio out of its stored segments: each segment that overlaps the
 * window is copied to its place by its start time; what no segment covers (nothing was uploaded:
 * the edge gate dropped silence, or capture was off) stays silence. Nothing is invented: a window
 * that no stored audio overlaps is not an example at all ({@link #stitch} returns null). Stateless.
 */
public final class AudioStitcher {

    private AudioStitcher() {}

    /** A stored segment: its row id, start time, length and where its samples come from. */
    public record Source(long rawId, long startMs, int durationMs, String path, int sampleRate) {}

    /** Reads a segment's samples (PCM 16-bit mono at the source's rate). */
    @FunctionalInterface
    public interface SampleReader {
        short[] read(Source source) throws java.io.IOException;
    }

    /** Stitched audio and the segments that contributed to it. */
    public record Stitched(short[] samples, int sampleRate, List<Source> used) {}

    /** The sources (of any order) that overlap {@code [startMs, endMs)}, in start order. */
    public static List<Source> overlapping(List<Source> candidates, long startMs, long endMs) {
        List<Source> out = new ArrayList<>();
        for (Source s : candidates) {
            if (s.startMs() < endMs && s.startMs() + s.durationMs() > startMs) {
                out.add(s);
            }
        }
        out.sort(java.util.Comparator.comparingLong(Source::startMs));
        return out;
    }

    /**
     * Stitches the window {@code [startMs, endMs)} at {@code sampleRate} from {@code sources}
     * (those overlapping it; others are ignored). Sources at another sample rate are skipped.
     *
     * @return the window's samples, or null when no stored audio overlaps it
     */
    public static Stitched stitch(long startMs, long endMs, int sampleRate, List<Source> sources, SampleReader reader)
            throws java.io.IOException {
        int frames = (int) Math.round((endMs - startMs) * (double) sampleRate / 1000);
        short[] out = new short[frames];
        List<Source> used = new ArrayList<>();
        for (Source s : overlapping(sources, startMs, endMs)) {
            if (s.sampleRate() != sampleRate) {
                continue;
            }
            short[] src = reader.read(s);
            long offset = Math.round((s.startMs() - startMs) * (double) sampleRate / 1000);
            int from = (int) Math.max(0, -offset);
            int to = (int) Math.min(src.length, frames - offset);
            if (to > from) {
                System.arraycopy(src, from, out, (int) (offset + from), to - from);
                used.add(s);
            }
        }
        return used.isEmpty() ? null : new Stitched(out, sampleRate, List.copyOf(used));
    }
}
