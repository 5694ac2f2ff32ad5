package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.model.ModelConfig.Normalisation;
import io.buddybork.recognition.testaudio.SyntheticSets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NormalisationTest {

    private static final FeatureConfig FC = FeatureConfig.defaults();
    private static TrainingSet set;
    private static int[] rows;
    private static int[] columns;

    @BeforeAll
    static void data() {
        set = SyntheticSets.trainingSet(5, 10, 4);
        rows = new int[set.size()];
        Arrays.setAll(rows, i -> i);
        columns = new int[set.dimension()];
        Arrays.setAll(columns, i -> i);
    }

    private static ScoringCore fit(Normalisation n) {
        return ScoringCore.fit(set, rows, ModelConfig.defaults().withNormalisation(n), columns, 1);
    }

    private static double[][] normalisedBackground(ScoringCore core) {
        return Arrays.stream(rows)
                .filter(r -> set.labels()[r] < 0)
                .mapToObj(r -> core.normalise(set.features()[r]))
                .toArray(double[][]::new);
    }

    private static double[] columnMeans(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] v : x) {
            for (int j = 0; j < m.length; j++) {
                m[j] += v[j] / x.length;
            }
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(
            value = Normalisation.class,
            names = {"BACKGROUND", "BACKGROUND_CENTRE", "BACKGROUND_WHITEN"})
    void backgroundNormalisationsCentreTheBackgroundOnTheOrigin(Normalisation n) {
        for (double m : columnMeans(normalisedBackground(fit(n)))) {
            assertThat(m).isCloseTo(0.0, within(1e-9));
        }
    }

    @Test
    void trainingNormalisationCentresAllTrainingVectorsNotTheBackground() {
        ScoringCore core = fit(Normalisation.TRAINING);
        double[][] all = Arrays.stream(rows)
                .mapToObj(r -> core.normalise(set.features()[r]))
                .toArray(double[][]::new);
        for (double m : columnMeans(all)) {
            assertThat(m).isCloseTo(0.0, within(1e-9));
        }
        assertThat(Arrays.stream(columnMeans(normalisedBackground(core)))
                        .map(Math::abs)
                        .max()
                        .orElseThrow())
                .isGreaterThan(0.1);
    }

    @Test
    void backgroundScalingGivesTheBackgroundUnitSpreadUnlessFloored() {
        ScoringCore core = fit(Normalisation.BACKGROUND);
        double[][] bg = normalisedBackground(core);
        int unit = 0;
        for (int j = 0; j < bg[0].length; j++) {
            double sq = 0;
            for (double[] v : bg) {
                sq += v[j] * v[j];
            }
            double std = Math.sqrt(sq / bg.length);
            assertThat(std).isLessThanOrEqualTo(1.0 + 1e-9);
            unit += Math.abs(std - 1) < 1e-9 ? 1 : 0;
        }
        assertThat(unit).isGreaterThan(bg[0].length / 2);
    }

    @Test
    void theWhiteningFactorReproducesTheShrunkCovarianceAndInvertsIt() {
        Random random = new Random(3);
        int d = 6;
        double[][] z = new double[9][d];
        int[] labels = new int[9];
        Arrays.fill(labels, TrainingSet.BACKGROUND);
        for (double[] v : z) {
            for (int j = 0; j < d; j++) {
                v[j] = random.nextGaussian() * (j + 1);
            }
        }
        TrainingSet bg = TrainingSet.of(java.util.List.of("t"), new float[9][d], labels);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        double shrink = 0.3;
        double[][] lower = ScoringCore.backgroundCholesky(z, bg, all, shrink);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double expected = 0;
                for (double[] v : z) {
                    expected += v[a] * v[b] / z.length;
                }
                expected = (1 - shrink) * expected + (a == b ? shrink : 0);
                double product = 0;
                for (int k = 0; k < d; k++) {
                    product += lower[a][k] * lower[b][k];
                }
                assertThat(product).isCloseTo(expected, within(1e-9));
            }
        }
        double[] x = {1, -2, 3, 0.5, 0, 4};
        double[] lx = new double[d];
        for (int a = 0; a < d; a++) {
            for (int k = 0; k < d; k++) {
                lx[a] += lower[a][k] * x[k];
            }
        }
        assertThat(ScoringCore.whiten(lx, lower)).containsExactly(x, within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(Normalisation.class)
    void everyNormalisationIsDeterministicAndSurvivesSaving(Normalisation n, @TempDir Path dir) throws Exception {
        ModelConfig config = ModelConfig.defaults().withNormalisation(n);
        OpenSetModel a = OpenSetModel.train(set, FC, config, 3, ZoneOffset.UTC);
        OpenSetModel b = OpenSetModel.train(set, FC, config, 3, ZoneOffset.UTC);
        Path file = dir.resolve("m.model");
        ModelStore.save(a, file);
        OpenSetModel loaded = ModelStore.load(file);
        assertThat(loaded.config()).isEqualTo(config);
        for (float[] x : set.features()) {
            assertThat(b.predict(x)).isEqualTo(a.predict(x));
            assertThat(loaded.predict(x)).isEqualTo(a.predict(x));
        }
        int right = 0;
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 4; i++) {
                float[] x = SyntheticSets.features(SyntheticSets.tagSound(t, 50_000 + 10 * t + i));
                right += a.predict(x).bestTag().equals(SyntheticSets.TAGS.get(t)) ? 1 : 0;
            }
        }
        assertThat(right).as("closed-set hits of 12 with %s", n).isGreaterThanOrEqualTo(10);
    }
}
