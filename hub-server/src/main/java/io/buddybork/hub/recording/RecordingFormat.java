package io.buddybork.hub.recording;

import io.buddybork.model.SegmentFormat;

/**
 * What a recording's header says: its channels, sample rate, bits per sample and length in frames
 * ({@code -1} when the header does not say, as a FLAC stream may).
 */
public record RecordingFormat(String container, int channels, int sampleRate, int bitsPerSample, long frames) {

    /** Length in milliseconds, or -1 when unknown. */
    public long durationMs() {
        return frames < 0 ? -1 : frames * 1000 / SegmentFormat.SAMPLE_RATE;
    }

    /** Whether the hub can store this audio as it is after a down-mix: 44.1 kHz, 16-bit, mono or stereo. */
    public String unsupportedReason() {
        if (sampleRate != SegmentFormat.SAMPLE_RATE) {
            return sampleRate + " Hz, not 44100 Hz";
        }
        if (bitsPerSample != SegmentFormat.BITS_PER_SAMPLE) {
            return bitsPerSample + "-bit samples, not 16-bit";
        }
        if (channels < 1 || channels > 2) {
            return channels + " channels, not mono or stereo";
        }
        return null;
    }
}
