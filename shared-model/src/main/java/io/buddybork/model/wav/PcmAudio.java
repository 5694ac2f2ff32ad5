package io.buddybork.model.wav;

import io.buddybork.model.AmplitudeStats;

/**
 * Mono signed 16-bit PCM samples with their sample rate. The array is shared, not copied: callers
 * must not modify it after handing it over.
 */
public record PcmAudio(int sampleRate, short[] samples) {

    public PcmAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
    }

    /** Number of frames (= samples, mono). */
    public int frames() {
        return samples.length;
    }

    /** Duration in milliseconds, rounded down. */
    public long durationMillis() {
        return samples.length * 1000L / sampleRate;
    }

    /** Largest absolute sample value. */
    public int maxAbs() {
        return AmplitudeStats.maxAbs(samples);
    }
}
