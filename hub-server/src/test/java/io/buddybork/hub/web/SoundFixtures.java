package io.buddybork.hub.web;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.util.Random;

/** Test audio that looks like something in a spectrogram: a quiet room, optionally with "barks". */
final class SoundFixtures {
    private SoundFixtures() {}

    /** A 3 s segment of low noise with {@code barks} short harmonic bursts peaking near {@code peak}. */
    static byte[] segment(int peak, int barks, long seed) {
        int rate = SegmentFormat.SAMPLE_RATE;
        short[] s = new short[SegmentFormat.SEGMENT_FRAMES];
        Random random = new Random(seed);
        double[] x = new double[s.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian() * 120;
        }
        for (int b = 0; b < barks; b++) {
            int start = (int) ((0.3 + b * 0.9) * rate);
            int len = (int) (0.35 * rate);
            double f0 = 520 + 80 * b;
            for (int i = 0; i < len && start + i < x.length; i++) {
                double t = (double) i / rate;
                double env = Math.sin(Math.PI * i / len) * Math.exp(-3 * t);
                double f = f0 * (1 + 0.4 * Math.sin(Math.PI * i / len));
                double v = Math.sin(2 * Math.PI * f * t)
                        + 0.5 * Math.sin(4 * Math.PI * f * t)
                        + 0.25 * Math.sin(6 * Math.PI * f * t);
                x[start + i] += env * v * peak / 1.3;
            }
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i])));
        }
        return WavCodec.encode(s, rate);
    }
}
