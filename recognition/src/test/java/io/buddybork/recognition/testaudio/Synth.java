package io.buddybork.recognition.testaudio;

import java.util.Random;

/** Synthetic test audio: tones, noise, bursts (tests never use real recordings). */
public final class Synth {

    private Synth() {}

    public static short[] tone(double hz, double seconds, int rate, double amplitude) {
        short[] out = new short[(int) Math.round(seconds * rate)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    public static short[] noise(double seconds, int rate, double amplitude, long seed) {
        Random r = new Random(seed);
        short[] out = new short[(int) Math.round(seconds * rate)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(amplitude * 32767 * r.nextGaussian() / 3)));
        }
        return out;
    }

    /** A "bark": a harmonic tone burst with vibrato of {@code burstSeconds} inside silence. */
    public static short[] burstIn(short[] base, short[] burst, int at) {
        short[] out = base.clone();
        for (int i = 0; i < burst.length && at + i < out.length; i++) {
            out[at + i] = (short) Math.max(-32768, Math.min(32767, out[at + i] + burst[i]));
        }
        return out;
    }

    /**
     * A synthetic sound class: harmonic stack at {@code f0} with {@code harmonics} partials, an
     * amplitude envelope of {@code pulses} pulses, plus a little noise. Varies with the seed.
     */
    public static short[] classSound(double f0, int harmonics, int pulses, double seconds, int rate, long seed) {
        Random r = new Random(seed);
        double f = f0 * (1 + 0.05 * r.nextGaussian());
        short[] out = new short[(int) Math.round(seconds * rate)];
        double phase = r.nextDouble() * 6.28;
        for (int i = 0; i < out.length; i++) {
            double t = (double) i / rate;
            double env = pulses == 0 ? 1 : Math.max(0, Math.sin(Math.PI * pulses * t / seconds));
            double v = 0;
            for (int h = 1; h <= harmonics; h++) {
                v += Math.sin(2 * Math.PI * f * h * t + phase * h) / h;
            }
            v = 0.3 * env * v + 0.01 * r.nextGaussian();
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
        }
        return out;
    }
}
