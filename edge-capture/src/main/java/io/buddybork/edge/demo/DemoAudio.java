package io.buddybork.edge.demo;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.wav.WavCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Synthesises plausible home audio for demos, tests and benchmarks, deterministically (same bytes
 * for the same length, and a longer file begins with the whole of a shorter one): quiet room tone below
 * the default silence gate, bursts of dog-like barks, door knocks, a door slam, appliance beeps,
 * footsteps and murmured voices, on a 60-second pattern repeated as needed. Several 3-second
 * stretches are pure room tone, so the silence gate has something to drop. Writes one minute at a
 * time, so that an hour fits in the edge agent's small heap (-Xmx48m in its systemd unit).
 */
public final class DemoAudio {
    private static final int RATE = SegmentFormat.SAMPLE_RATE;
    private static final long SEED = 0xB0DD_B0C4L;
    private static final int PERIOD_SECONDS = 60;

    private DemoAudio() {}

    /** Writes {@code seconds} of demo audio to {@code file} as a 44.1 kHz mono 16-bit WAV, durably. */
    public static void write(Path file, int seconds) throws IOException {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be positive: " + seconds);
        }
        int dataBytes = Math.multiplyExact(Math.multiplyExact(seconds, RATE), SegmentFormat.BYTES_PER_FRAME);
        DurableFiles.write(file, out -> {
            ByteBuffer header = ByteBuffer.allocate(SegmentFormat.WAV_HEADER_BYTES);
            WavCodec.writeHeader(header, dataBytes, RATE);
            DurableFiles.writeFully(out, header.flip());
            ByteBuffer pcm = ByteBuffer.allocate(PERIOD_SECONDS * RATE * SegmentFormat.BYTES_PER_FRAME)
                    .order(ByteOrder.LITTLE_ENDIAN);
            forEachPeriod(seconds, (mix, frames, offset) -> {
                pcm.clear();
                for (int i = 0; i < frames; i++) {
                    pcm.putShort(toSample(mix[i]));
                }
                DurableFiles.writeFully(out, pcm.flip());
            });
        });
    }

    /** {@code seconds} of demo audio in memory: the samples {@link #write} writes. */
    public static short[] synthesise(int seconds) {
        short[] out = new short[Math.multiplyExact(seconds, RATE)];
        forEachPeriod(seconds, (mix, frames, offset) -> {
            for (int i = 0; i < frames; i++) {
                out[offset + i] = toSample(mix[i]);
            }
        });
        return out;
    }

    /** Receives one period of the mix: its first {@code frames} samples, from frame {@code offset} of the file. */
    @FunctionalInterface
    private interface PeriodSink<E extends Exception> {
        void accept(float[] mix, int frames, int offset) throws E;
    }

    /** Synthesises {@code seconds} one period at a time, handing each to {@code sink} in order. */
    private static <E extends Exception> void forEachPeriod(int seconds, PeriodSink<E> sink) throws E {
        Synthesiser synthesiser = new Synthesiser();
        for (int period = 0; period * PERIOD_SECONDS < seconds; period++) {
            int frames = Math.min(PERIOD_SECONDS, seconds - period * PERIOD_SECONDS) * RATE;
            sink.accept(synthesiser.period(period, frames), frames, period * PERIOD_SECONDS * RATE);
        }
    }

    private static short toSample(float value) {
        long v = Math.round(value * 32767.0);
        return (short) Math.max(-32768, Math.min(32767, v));
    }

    /**
     * The mix, one 60-second period at a time into one reused buffer: the room tone runs on across
     * periods (one generator, one filter state); each period's sounds draw from a generator of their
     * own, so a period's content does not depend on how long the file is. Every sound of the pattern
     * ends before its period does (the last, the murmur, at 58.2 s). Not thread-safe.
     */
    private static final class Synthesiser {
        private final float[] mix = new float[PERIOD_SECONDS * RATE];
        private final Random room = new Random(SEED);
        private double lowPassed;
        private long roomFrame;

        float[] period(int period, int frames) {
            Arrays.fill(mix, 0f);
            roomTone(frames);
            Random random = new Random(SEED + 1 + period);
            barkGroup(mix, frames, random, 3.6, 3, 0.55);
            knocks(mix, frames, random, 12.4, 3, 0.22);
            barkGroup(mix, frames, random, 18.3, 2, 0.45);
            slam(mix, frames, random, 27.6, 0.75);
            beeps(mix, frames, 30.5, 3, 0.12);
            barkGroup(mix, frames, random, 36.2, 5, 0.7);
            footsteps(mix, frames, random, 42.3, 9, 0.04);
            barkGroup(mix, frames, random, 51.4, 2, 0.35);
            murmur(mix, frames, random, 54.2, 4.0, 0.05);
            return mix;
        }

        /** Low, slightly coloured noise with a faint mains hum: peaks stay under amplitude 200 (about -44 dBFS). */
        private void roomTone(int frames) {
            for (int i = 0; i < frames; i++, roomFrame++) {
                lowPassed += 0.15 * ((room.nextDouble() * 2 - 1) - lowPassed);
                double hum = 0.0012 * Math.sin(2 * Math.PI * 50 * (roomFrame % RATE) / RATE);
                mix[i] += (float) (0.0035 * lowPassed + hum);
            }
        }
    }

    private static void barkGroup(float[] mix, int frames, Random random, double at, int count, double loudness) {
        double t = at;
        for (int i = 0; i < count; i++) {
            bark(mix, frames, random, t, loudness * (0.8 + 0.4 * random.nextDouble()));
            t += 0.28 + 0.35 * random.nextDouble();
        }
    }

    /** A harsh harmonic burst with a rising-then-falling pitch and a noisy onset. */
    private static void bark(float[] mix, int frames, Random random, double at, double amplitude) {
        double duration = 0.16 + 0.12 * random.nextDouble();
        double f0 = 420 + 180 * random.nextDouble();
        int start = (int) (at * RATE);
        int n = (int) (duration * RATE);
        double phase = 0;
        for (int k = 0; k < n && start + k < frames; k++) {
            double x = k / (double) n;
            double pitch = f0 * (1 + 0.35 * Math.sin(Math.PI * Math.min(1, x * 1.6)) - 0.25 * x);
            phase += 2 * Math.PI * pitch / RATE;
            double tone = 0;
            for (int h = 1; h <= 8; h++) {
                tone += Math.sin(h * phase) / Math.pow(h, 1.1);
            }
            double envelope = Math.min(1, k / (0.008 * RATE)) * Math.exp(-4.0 * x);
            double noise = (random.nextDouble() * 2 - 1) * Math.exp(-12.0 * x);
            mix[start + k] += amplitude * envelope * (0.55 * tone / 2.2 + 0.35 * noise);
        }
    }

    /** Short resonant thuds. */
    private static void knocks(float[] mix, int frames, Random random, double at, int count, double amplitude) {
        for (int i = 0; i < count; i++) {
            int start = (int) ((at + i * 0.24) * RATE);
            double f = 140 + 40 * random.nextDouble();
            for (int k = 0; k < 0.12 * RATE && start + k < frames; k++) {
                double t = k / (double) RATE;
                mix[start + k] += amplitude
                        * Math.exp(-45 * t)
                        * (Math.sin(2 * Math.PI * f * t) + 0.3 * (random.nextDouble() * 2 - 1));
            }
        }
    }

    /** A loud broadband impact with a long low decay. */
    private static void slam(float[] mix, int frames, Random random, double at, double amplitude) {
        int start = (int) (at * RATE);
        double low = 0;
        for (int k = 0; k < 0.6 * RATE && start + k < frames; k++) {
            double t = k / (double) RATE;
            low += 0.05 * ((random.nextDouble() * 2 - 1) - low);
            mix[start + k] += amplitude
                    * (Math.exp(-30 * t) * (random.nextDouble() * 2 - 1) * 0.6
                            + Math.exp(-7 * t) * (Math.sin(2 * Math.PI * 75 * t) * 0.5 + 4 * low));
        }
    }

    /** Appliance beeps: pure 2 kHz tones. */
    private static void beeps(float[] mix, int frames, double at, int count, double amplitude) {
        for (int i = 0; i < count; i++) {
            int start = (int) ((at + i * 0.45) * RATE);
            int n = (int) (0.25 * RATE);
            for (int k = 0; k < n && start + k < frames; k++) {
                double edge = Math.min(1, Math.min(k, n - k) / (0.004 * RATE));
                mix[start + k] += amplitude * edge * Math.sin(2 * Math.PI * 2000 * k / RATE);
            }
        }
    }

    /** Soft, irregular low thumps. */
    private static void footsteps(float[] mix, int frames, Random random, double at, int count, double amplitude) {
        double t = at;
        for (int i = 0; i < count; i++) {
            int start = (int) (t * RATE);
            double a = amplitude * (0.7 + 0.6 * random.nextDouble());
            for (int k = 0; k < 0.08 * RATE && start + k < frames; k++) {
                double s = k / (double) RATE;
                mix[start + k] += a * Math.exp(-60 * s) * Math.sin(2 * Math.PI * 90 * s);
            }
            t += 0.5 + 0.12 * random.nextDouble();
        }
    }

    /** Voice-like babble: a buzzing source through two wandering formants, in syllables. */
    private static void murmur(float[] mix, int frames, Random random, double at, double duration, double amplitude) {
        int start = (int) (at * RATE);
        int n = (int) (duration * RATE);
        double phase = 0;
        double b1 = 0;
        double b2 = 0;
        for (int k = 0; k < n && start + k < frames; k++) {
            double t = k / (double) RATE;
            double pitch = 120 + 25 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / RATE;
            double buzz = (phase % (2 * Math.PI)) / Math.PI - 1 + 0.2 * (random.nextDouble() * 2 - 1);
            double c1 = 0.08 + 0.05 * Math.sin(2 * Math.PI * 2.1 * t);
            double c2 = 0.25 + 0.1 * Math.sin(2 * Math.PI * 3.3 * t + 1);
            b1 += c1 * (buzz - b1);
            b2 += c2 * (buzz - b2);
            double syllables =
                    Math.max(0, Math.sin(2 * Math.PI * 4.0 * t)) * Math.min(1, t * 4) * Math.min(1, (duration - t) * 4);
            mix[start + k] += amplitude * syllables * (b1 + 0.5 * (b2 - b1)) * 3;
        }
    }
}
