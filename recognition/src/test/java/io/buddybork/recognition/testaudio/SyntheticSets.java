package io.buddybork.recognition.testaudio;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.TrainingSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic training sets: three "tags" of harmonic sounds, noisy background, and unknowns. */
public final class SyntheticSets {

    public static final int RATE = 44_100;
    public static final List<String> TAGS = List.of("low_hum", "mid_pulse", "high_chirp");
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureConfig.defaults());

    private SyntheticSets() {}

    /** Audio of tag {@code t} (index into TAGS), varied by seed. */
    public static short[] tagSound(int t, long seed) {
        return switch (t) {
            case 0 -> Synth.classSound(150, 6, 0, 1.0, RATE, seed);
            case 1 -> Synth.classSound(700, 3, 4, 1.0, RATE, seed);
            case 2 -> Synth.classSound(3000, 2, 8, 1.0, RATE, seed);
            default -> throw new IllegalArgumentException();
        };
    }

    /** Background audio: broadband noise at varying levels. */
    public static short[] background(long seed) {
        return Synth.noise(1.0, RATE, 0.05 + 0.02 * (seed % 5), seed);
    }

    /** An unknown sound unlike any tag: a 1.6 kHz tone with 2 pulses plus noise. */
    public static short[] unknown(long seed) {
        short[] tone = Synth.classSound(1600, 1, 2, 1.0, RATE, seed);
        return Synth.burstIn(Synth.noise(1.0, RATE, 0.02, seed + 99), tone, 0);
    }

    public static float[] features(short[] pcm) {
        return EXTRACTOR.extract(pcm, RATE);
    }

    /** {@code perTag} examples of each tag and {@code background} background examples, with times. */
    public static TrainingSet trainingSet(int perTag, int background, long seed) {
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        Instant day = Instant.parse("2026-05-01T00:00:00Z");
        for (int t = 0; t < TAGS.size(); t++) {
            for (int i = 0; i < perTag; i++) {
                x.add(features(tagSound(t, seed * 1000 + t * 100 + i)));
                y.add(t);
                // tag t happens around 6h + 6h*t
                times.add(day.plusSeconds((long) ((6 + 6 * t) * 3600 + (i % 5 - 2) * 1200)));
            }
        }
        for (int i = 0; i < background; i++) {
            x.add(features(background(seed * 1000 + 500 + i)));
            y.add(TrainingSet.BACKGROUND);
            times.add(null);
        }
        int[] groups = new int[x.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = i;
        }
        return new TrainingSet(
                TAGS,
                x.toArray(float[][]::new),
                y.stream().mapToInt(Integer::intValue).toArray(),
                groups,
                times.toArray(Instant[]::new));
    }
}
