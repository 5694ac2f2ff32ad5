package io.buddybork.hub.annotate;

import java.util.List;

/**
 * A listening window stitched from consecutive segments of one device: its time span, the
 * segments it draws on, the stretches where no segment exists (silence: filled with zeros in the
 * audio) and where its audio can be fetched.
 */
public record MacroWindow(
        long deviceId, long startMs, long endMs, int sampleRate, String audioUrl, List<Part> segments, List<Gap> gaps) {

    /** A segment inside the window; {@code missing} when its file could not be read. */
    public record Part(long id, long startMs, int durationMs, int maxAmp, boolean missing) {}

    /** A stretch of the window with no audio. */
    public record Gap(long startMs, long endMs) {}
}
