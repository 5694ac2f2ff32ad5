package io.buddybork.model.testaudio;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.util.Random;

/**
 * Two clearly different synthetic sounds and a background for detection tests and benchmarks, as 3 s 44.1 kHz
 * segments: "bark" (short harmonic bursts around 500 Hz), "beep" (steady 2.5 kHz tone pulses), and
 * a quiet room. Each seed varies timing, pitch and noise a little. Shared through this module's
 * test jar (which holds only this package) by the hub's detection tests and the ingest benchmark,
 * so that both train and detect on the same sounds. Stateless; thread-safe.
 */
public final class SyntheticSounds {
    /** The kinds of sound. */
    public enum Kind {
        BARK,
        BEEP,
        ROOM
    }

    private SyntheticSounds() {}

    /** PCM samples of one segment. */
    public static short[] pcm(Kind kind, long seed) {
        int rate = SegmentFormat.SAMPLE_RATE;
        int n = SegmentFormat.SEGMENT_FRAMES;
        Random random = new Random(seed * 31 + kind.ordinal());
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian() * 150;
        }
        double jitter = 1 + (random.nextDouble() - 0.5) * 0.1;
        switch (kind) {
            case BARK -> {
                for (int b = 0; b < 3; b++) {
                    int start = (int) ((0.2 + b * 0.9 + random.nextDouble() * 0.2) * rate);
                    int len = (int) (0.3 * rate);
                    double f0 = 480 * jitter + 60 * b;
                    for (int i = 0; i < len && start + i < n; i++) {
                        double t = (double) i / rate;
                        double env = Math.sin(Math.PI * i / len) * Math.exp(-4 * t);
                        double f = f0 * (1 + 0.3 * Math.sin(Math.PI * i / len));
                        double v = Math.sin(2 * Math.PI * f * t)
                                + 0.6 * Math.sin(4 * Math.PI * f * t)
                                + 0.3 * Math.sin(6 * Math.PI * f * t)
                                + 0.3 * random.nextGaussian();
                        x[start + i] += env * v * 9000;
                    }
                }
            }
            case BEEP -> {
                double f = 2500 * jitter;
                for (int p = 0; p < 4; p++) {
                    int start = (int) ((0.1 + p * 0.7 + random.nextDouble() * 0.05) * rate);
                    int len = (int) (0.4 * rate);
                    for (int i = 0; i < len && start + i < n; i++) {
                        double t = (double) i / rate;
                        double ramp = Math.min(1, Math.min(i, len - i) / 200.0);
                        x[start + i] += ramp * Math.sin(2 * Math.PI * f * t) * 8000;
                    }
                }
            }
            case ROOM -> {
                // a quiet room with a faint low hum
                for (int i = 0; i < n; i++) {
                    x[i] += Math.sin(2 * Math.PI * 100 * jitter * i / rate) * 300;
                }
            }
        }
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i])));
        }
        return s;
    }

    /** A WAV segment. */
    public static byte[] wav(Kind kind, long seed) {
        return WavCodec.encode(pcm(kind, seed), SegmentFormat.SAMPLE_RATE);
    }
}
