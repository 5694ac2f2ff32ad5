package io.buddybork.recognition.model;

import io.buddybork.recognition.feature.FeatureConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/** Seeded Gaussian clusters shaped like feature vectors of a feature configuration: fast models for file tests. */
final class GaussianSets {

    private GaussianSets() {}

    /** {@code perTag} examples around a centre per tag and {@code background} around another, with times. */
    static TrainingSet set(FeatureConfig fc, List<String> tags, int perTag, int background, long seed) {
        int d = fc.vectorLength();
        Random random = new Random(seed);
        int k = tags.size();
        double[][] centres = new double[k + 1][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = random.nextGaussian() * 2;
            }
        }
        int n = k * perTag + background;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        int[] groups = new int[n];
        Instant[] times = new Instant[n];
        Instant day = Instant.parse("2026-05-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            int t = i < k * perTag ? i / perTag : k;
            y[i] = t < k ? t : TrainingSet.BACKGROUND;
            groups[i] = i;
            times[i] = t < k ? day.plusSeconds((6 + 5L * t) * 3600 + random.nextInt(3600)) : null;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (centres[t][j] + random.nextGaussian() * 1.5);
            }
        }
        return new TrainingSet(tags, x, y, groups, times);
    }

    /** A small model of the statistics-only features (a few kilobytes as a file). */
    static OpenSetModel smallModel() {
        FeatureConfig fc = FeatureConfig.statisticsOnly();
        TrainingSet set = set(fc, List.of("bark", "doorbell"), 4, 5, 3);
        return OpenSetModel.train(set, fc, ModelConfig.defaults().withTimePriorWeight(0.5), 3, ZoneOffset.UTC);
    }
}
