package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.testaudio.SyntheticSets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TypicalityTest {

    private static final FeatureConfig FC = FeatureConfig.defaults();
    private static TrainingSet set;
    private static List<float[]> probes;

    @BeforeAll
    static void data() {
        set = SyntheticSets.trainingSet(5, 10, 8);
        probes = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            probes.add(SyntheticSets.features(SyntheticSets.tagSound(t, 31_000 + t)));
        }
        probes.add(SyntheticSets.features(SyntheticSets.unknown(31_100)));
        probes.add(SyntheticSets.features(SyntheticSets.background(31_200)));
    }

    @Test
    void typicalityShiftsEachTagsScoreByAConstantThatAveragesOut() {
        OpenSetModel plain = OpenSetModel.train(set, FC, ModelConfig.defaults().withTypicality(0), 4, ZoneOffset.UTC);
        OpenSetModel typical =
                OpenSetModel.train(set, FC, ModelConfig.defaults().withTypicality(1), 4, ZoneOffset.UTC);
        double[] shift = new double[3];
        for (int t = 0; t < 3; t++) {
            String tag = SyntheticSets.TAGS.get(t);
            shift[t] = typical.predict(probes.get(0)).tagScores().get(tag)
                    - plain.predict(probes.get(0)).tagScores().get(tag);
            for (float[] x : probes) {
                double d = typical.predict(x).tagScores().get(tag)
                        - plain.predict(x).tagScores().get(tag);
                assertThat(d).as("shift of %s", tag).isCloseTo(shift[t], within(1e-9));
            }
        }
        assertThat(shift[0] + shift[1] + shift[2]).isCloseTo(0.0, within(1e-9));
        assertThat(Math.abs(shift[0]) + Math.abs(shift[1]) + Math.abs(shift[2])).isGreaterThan(1e-4);
    }

    @Test
    void thresholdsMoveWithTheShiftBecauseCalibrationFoldsUseTheWholeSetsTypicalScores() {
        OpenSetModel plain = OpenSetModel.train(set, FC, ModelConfig.defaults().withTypicality(0), 4, ZoneOffset.UTC);
        OpenSetModel typical =
                OpenSetModel.train(set, FC, ModelConfig.defaults().withTypicality(1), 4, ZoneOffset.UTC);
        for (int t = 0; t < 3; t++) {
            String tag = SyntheticSets.TAGS.get(t);
            double shift = typical.predict(probes.get(0)).tagScores().get(tag)
                    - plain.predict(probes.get(0)).tagScores().get(tag);
            assertThat(typical.thresholds().get(t).threshold())
                    .isCloseTo(plain.thresholds().get(t).threshold() + shift, within(1e-9));
            assertThat(typical.thresholds().get(t).recall())
                    .isEqualTo(plain.thresholds().get(t).recall());
        }
    }

    @Test
    void theWeightScalesTheShift() {
        OpenSetModel plain = OpenSetModel.train(set, FC, ModelConfig.defaults().withTypicality(0), 4, ZoneOffset.UTC);
        OpenSetModel half = OpenSetModel.train(set, FC, ModelConfig.defaults().withTypicality(0.5), 4, ZoneOffset.UTC);
        OpenSetModel full = OpenSetModel.train(set, FC, ModelConfig.defaults().withTypicality(1), 4, ZoneOffset.UTC);
        for (String tag : SyntheticSets.TAGS) {
            double p = plain.predict(probes.get(3)).tagScores().get(tag);
            double h = half.predict(probes.get(3)).tagScores().get(tag);
            double f = full.predict(probes.get(3)).tagScores().get(tag);
            assertThat(h - p).isCloseTo((f - p) / 2, within(1e-9));
        }
    }

    @Test
    void foldsAndTheFinalModelAgreeWhenTagsAreLargeAndTheBackgroundIsSampled() {
        int d = FC.vectorLength();
        java.util.Random random = new java.util.Random(5);
        double[][] centres = new double[4][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = random.nextGaussian();
            }
        }
        int perTag = ScoringCore.MAX_TYPICAL_GROUPS + 6;
        int background = ScoringCore.MAX_BACKGROUND_POINTS + 100;
        int n = 3 * perTag + background;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int t = i < 3 * perTag ? i % 3 : 3;
            y[i] = t < 3 ? t : TrainingSet.BACKGROUND;
            double spread = t == 0 ? 0.5 : 1.5; // tag 0 is tight: it has the higher typical score
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (centres[t][j] + random.nextGaussian() * (t < 3 ? spread : 2));
            }
        }
        TrainingSet large = TrainingSet.of(SyntheticSets.TAGS, x, y);
        OpenSetModel plain =
                OpenSetModel.train(large, FC, ModelConfig.defaults().withTypicality(0), 4, ZoneOffset.UTC);
        OpenSetModel typical =
                OpenSetModel.train(large, FC, ModelConfig.defaults().withTypicality(1), 4, ZoneOffset.UTC);
        float[] probe = x[0];
        double[] shift = new double[3];
        for (int t = 0; t < 3; t++) {
            String tag = SyntheticSets.TAGS.get(t);
            shift[t] = typical.predict(probe).tagScores().get(tag)
                    - plain.predict(probe).tagScores().get(tag);
            assertThat(typical.thresholds().get(t).threshold())
                    .isCloseTo(plain.thresholds().get(t).threshold() + shift[t], within(1e-9));
        }
        assertThat(shift[0]).as("the tight tag is lowered").isNegative();
    }
}
