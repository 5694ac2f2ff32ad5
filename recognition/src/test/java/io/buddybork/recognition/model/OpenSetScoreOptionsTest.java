package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureLayout;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The opt-in open-set score options: score calibration, rivals and views. */
class OpenSetScoreOptionsTest {

    private static final FeatureConfig FC = FeatureConfig.defaults();
    private static TrainingSet set;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        set = GaussianSets.set(FC, List.of("bark", "doorbell", "kettle"), 6, 12, 7);
    }

    @Test
    void aShiftGivesEveryTagsNegativesTheSameMeanScore() {
        List<double[]> bg = List.of(new double[] {0.2, 0.4}, new double[] {0.5, 0.7});
        List<double[]> others = List.of(new double[] {0.3}, new double[] {0.6});
        TagScoreMap map = TagScoreMap.fit(ModelConfig.ScoreCalibration.NEGATIVES_SHIFT, 1, bg, others);
        // Negatives' means 0.3 and 0.6, centre 0.45: the first tag moves up 0.15, the second down.
        assertThat(map.apply(new double[] {0.3, 0.6})).containsExactly(new double[] {0.45, 0.45}, within(1e-12));
        assertThat(map.scale()).containsExactly(1.0, 1.0);
        TagScoreMap bgOnly = TagScoreMap.fit(ModelConfig.ScoreCalibration.BACKGROUND_SHIFT, 1, bg, others);
        assertThat(bgOnly.apply(new double[] {0.3, 0.6})).containsExactly(new double[] {0.45, 0.45}, within(1e-12));
        TagScoreMap half = TagScoreMap.fit(ModelConfig.ScoreCalibration.NEGATIVES_SHIFT, 0.5, bg, others);
        assertThat(half.apply(new double[] {0.3, 0.6})).containsExactly(new double[] {0.375, 0.525}, within(1e-12));
    }

    @Test
    void aZScoreDividesByEachTagsShrunkSpreadAndKeepsTheOrderWithinATag() {
        List<double[]> bg = List.of(new double[] {0.4, 0.6}, new double[] {0.3, 0.7});
        List<double[]> none = List.of(new double[0], new double[0]);
        TagScoreMap map = TagScoreMap.fit(ModelConfig.ScoreCalibration.BACKGROUND_Z, 1, bg, none);
        // Spreads 0.1 and 0.2 (pooled sqrt(0.025)); shrunk with 4 clips of the pooled variance.
        double pooledVar = (0.01 + 0.04) / 2;
        double sd0 = Math.sqrt((2 * 0.01 + 4 * pooledVar) / 6);
        assertThat(map.scale()[0]).isCloseTo(Math.sqrt(pooledVar) / sd0, within(1e-12));
        assertThat(map.scale()[0]).isGreaterThan(map.scale()[1]);
        // Both tags' background means land on the common centre.
        assertThat(map.apply(new double[] {0.5, 0.5})).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
    }

    @Test
    void noCalibrationOrNoNegativesLeavesTheScores() {
        List<double[]> bg = List.of(new double[] {0.2}, new double[0]);
        List<double[]> others = List.of(new double[0], new double[0]);
        assertThat(TagScoreMap.fit(ModelConfig.ScoreCalibration.NONE, 1, bg, others))
                .isNull();
        assertThat(TagScoreMap.fit(ModelConfig.ScoreCalibration.BACKGROUND_Z, 0, bg, others))
                .isNull();
        TagScoreMap map = TagScoreMap.fit(ModelConfig.ScoreCalibration.BACKGROUND_SHIFT, 1, bg, others);
        assertThat(map.scale()[1]).isEqualTo(1.0);
        assertThat(map.offset()[1]).isEqualTo(0.0);
        assertThat(TagScoreMap.ofFlat(map.flat())).usingRecursiveComparison().isEqualTo(map);
    }

    @Test
    void thresholdsAreReadOffTheCalibratedScores() {
        ModelConfig config = ModelConfig.defaults().toBuilder()
                .scoreCalibration(ModelConfig.ScoreCalibration.NEGATIVES_SHIFT)
                .build();
        OpenSetModel model = OpenSetModel.train(set, FC, config, 3, ZoneOffset.UTC);
        assertThat(model.scoreMap()).isNotNull();
        // The stored out-of-fold scores are the mapped ones: every tag's negatives average alike.
        double first = Double.NaN;
        for (TagCalibration c : model.calibrations()) {
            double[] negatives = concat(c.background(), c.others());
            double mean = Arrays.stream(negatives).average().orElseThrow();
            if (Double.isNaN(first)) {
                first = mean;
            }
            // Suspects left out by the contamination guard may move a mean a little.
            assertThat(mean).as(c.tag()).isCloseTo(first, within(0.02));
        }
    }

    @Test
    void everyOptionSurvivesTheModelFileBitForBit() throws Exception {
        List<ModelConfig> configs = List.of(
                ModelConfig.defaults().toBuilder()
                        .scoreCalibration(ModelConfig.ScoreCalibration.NEGATIVES_Z)
                        .scoreCalibrationWeight(0.5)
                        .build(),
                ModelConfig.defaults().toBuilder().rivals(1).build(),
                ModelConfig.defaults().toBuilder().views(ModelConfig.Views.MIN).build());
        int n = 0;
        for (ModelConfig config : configs) {
            OpenSetModel model = OpenSetModel.train(set, FC, config, 3, ZoneOffset.UTC);
            Path file = dir.resolve("m" + n++ + ".model");
            ModelStore.save(model, file);
            OpenSetModel loaded = ModelStore.load(file);
            assertThat(loaded.config()).isEqualTo(config);
            for (float[] x : set.features()) {
                assertThat(loaded.predict(x)).isEqualTo(model.predict(x));
            }
        }
    }

    @Test
    void rivalsCountTheOtherTagsExamplesAsBackground() {
        ModelConfig plain =
                ModelConfig.defaults().toBuilder().typicality(0).rivals(0).build();
        OpenSetModel without = OpenSetModel.train(set, FC, plain, 3, ZoneOffset.UTC);
        OpenSetModel with =
                OpenSetModel.train(set, FC, plain.toBuilder().rivals(1).build(), 3, ZoneOffset.UTC);
        float[] bark = set.features()[0]; // a training example of the first tag
        for (String tag : set.tags()) {
            double before = without.predict(bark).tagScores().get(tag);
            double after = with.predict(bark).tagScores().get(tag);
            if (tag.equals("bark")) {
                assertThat(after).as(tag).isLessThanOrEqualTo(before);
            } else {
                // The bark itself is now in the other tags' background: a perfect match lowers them.
                assertThat(after).as(tag).isLessThan(before);
            }
        }
    }

    @Test
    void viewsScoreTheStatisticsAndTheEmbeddingApartAndMinIsTheStricter() {
        List<String> names = FeatureLayout.of(FC).names();
        int[] columns = new int[names.size()];
        Arrays.setAll(columns, i -> i);
        ModelConfig mean = ModelConfig.defaults().toBuilder()
                .typicality(0)
                .rivals(0)
                .views(ModelConfig.Views.MEAN)
                .build();
        int[] views = ScoringCore.columnViews(mean, columns, null, names);
        assertThat(Arrays.stream(views).distinct().sorted().toArray()).containsExactly(0, 1);
        for (int j = 0; j < names.size(); j++) {
            assertThat(views[j]).isEqualTo(FeatureLayout.isStatistic(names.get(j)) ? 0 : 1);
        }
        assertThat(ScoringCore.columnViews(ModelConfig.defaults(), columns, null, names))
                .isNull();

        OpenSetModel byMean = OpenSetModel.train(set, FC, mean, 3, ZoneOffset.UTC);
        OpenSetModel byMin = OpenSetModel.train(
                set, FC, mean.toBuilder().views(ModelConfig.Views.MIN).build(), 3, ZoneOffset.UTC);
        for (float[] x : set.features()) {
            for (String tag : set.tags()) {
                assertThat(byMin.predict(x).tagScores().get(tag))
                        .isLessThanOrEqualTo(byMean.predict(x).tagScores().get(tag) + 1e-12);
            }
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
