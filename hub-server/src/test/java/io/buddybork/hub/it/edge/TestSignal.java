package io.buddybork.hub.it.edge;

import io.buddybork.model.SegmentFormat;

/**
 * Audio whose every frame can be found again after capture: {@link #LEAD_FRAMES} of silence (a
 * sound server may drop the first milliseconds of a new playback stream), then a rising chirp
 * (never above 8,000) with single-sample clicks every {@code clickEveryMs}, click {@code k} having
 * the value {@code 20000 + 37 k}, which nothing else in the signal reaches. Immutable.
 */
record TestSignal(short[] samples, int[] clicks) {
    /** Silence before the chirp: 300 ms. */
    static final int LEAD_FRAMES = SegmentFormat.SAMPLE_RATE * 3 / 10;

    private static final int CLICK_BASE = 20_000;
    private static final int CLICK_STEP = 37;

    /** {@code seconds} of chirp from 200 Hz to 6 kHz with a click every {@code clickEveryMs} (plus a jitter). */
    static TestSignal chirpWithClicks(int seconds, int clickEveryMs) {
        int rate = SegmentFormat.SAMPLE_RATE;
        short[] samples = new short[seconds * rate];
        double f0 = 200;
        double f1 = 6_000;
        double duration = seconds;
        for (int i = LEAD_FRAMES; i < samples.length; i++) {
            double t = i / (double) rate;
            double phase = 2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * duration));
            // never exactly silent, so that every segment holding the signal passes the gate
            samples[i] = (short) Math.round(7_000 * Math.sin(phase) + (i % 2 == 0 ? 1_000 : -1_000));
        }
        int count = (seconds * 1000 - 400) / clickEveryMs;
        int[] clicks = new int[count];
        for (int k = 0; k < count; k++) {
            // a little irregular, so that no two clicks are a multiple of a segment apart by accident
            clicks[k] = LEAD_FRAMES + (int) ((50L + (long) k * clickEveryMs + (k * 7L) % 13) * rate / 1000);
            samples[clicks[k]] = (short) (CLICK_BASE + CLICK_STEP * k);
        }
        return new TestSignal(samples, clicks);
    }

    /** Which click {@code value} is, or -1 for any other sample. */
    int clickIndex(short value) {
        int v = value - CLICK_BASE;
        if (v < 0 || v % CLICK_STEP != 0 || v / CLICK_STEP >= clicks.length) {
            return -1;
        }
        return v / CLICK_STEP;
    }
}
