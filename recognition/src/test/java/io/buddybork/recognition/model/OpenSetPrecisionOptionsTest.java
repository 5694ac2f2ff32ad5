package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.feature.FeatureConfig;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in precision options of issue 17's fourth pass: pseudo-unknowns, the open-space floor,
 * ambiguity rejection, the runner-up margin, the nearest-neighbour ratio, the score floor and
 * pseudo-unknown negatives for the thresholds.
 */
class OpenSetPrecisionOptionsTest {

    private static final FeatureConfig FC = FeatureConfig.defaults();
    private static final ModelConfig PLAIN =
            ModelConfig.defaults().toBuilder().typicality(0).rivals(0).build();
    private static TrainingSet set;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        set = GaussianSets.set(FC, List.of("bark", "doorbell", "kettle"), 6, 12, 7);
    }

    /** The element-wise mean of the first examples of the first two tags: a sound half bark, half doorbell. */
    private static float[] between() {
        float[] a = set.features()[0];
        float[] b = set.features()[6];
        float[] out = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = (a[j] + b[j]) / 2;
        }
        return out;
    }

    @Test
    void aPseudoUnknownLowersTheScoreOfASoundBetweenTwoTagsMoreThanOfATagsOwnExample() {
        OpenSetModel without = OpenSetModel.train(set, FC, PLAIN, 3, ZoneOffset.UTC);
        OpenSetModel with = OpenSetModel.train(
                set, FC, PLAIN.toBuilder().pseudoUnknowns(0.5).build(), 3, ZoneOffset.UTC);
        double betweenDrop = without.predict(between()).tagScores().get("bark")
                - with.predict(between()).tagScores().get("bark");
        float[] bark = set.features()[1];
        double ownDrop = without.predict(bark).tagScores().get("bark")
                - with.predict(bark).tagScores().get("bark");
        assertThat(betweenDrop).isGreaterThan(0.01);
        assertThat(betweenDrop).isGreaterThan(ownDrop);
    }

    @Test
    void pseudoUnknownsMixEachExampleWithTheNearestExampleOfEveryOtherTag() {
        double[][][] tags = {
            {{1, 0}, {0.9, 0.1}}, {{0, 1}, {0.2, 0.8}},
        };
        double[][] bg = {{-1, -1}};
        double[][] out = ScoringCore.withPseudoUnknowns(bg, tags, 0.5, 1);
        // 2 examples x 1 other tag, each way: 4 mixes after the background.
        assertThat(out).hasNumberOfRows(5);
        assertThat(out[0]).containsExactly(-1, -1);
        // {1, 0} is nearest {0.2, 0.8} of the other tag (the smaller angle).
        assertThat(out[1]).containsExactly(new double[] {0.6, 0.4}, within(1e-12));
        assertThat(ScoringCore.withPseudoUnknowns(bg, new double[][][] {{{1, 0}}}, 0.5, 1))
                .hasNumberOfRows(1);
    }

    @Test
    void theOpenSpaceFloorRaisesAThresholdAboveTheChosenShareOfNegatives() {
        ThresholdPolicy policy = ThresholdPolicy.forTarget(0.9);
        double[] pos = {0.9, 0.8, 0.7, 0.55};
        double[] bg = {0.2, 0.3, 0.4, 0.5, 0.6};
        double[] others = {0.65};
        ThresholdPolicy.Choice choice = policy.choose("bark", pos, bg, new int[] {1, 2, 3, 4, 5}, others);
        ThresholdPolicy.Choice all = ThresholdPolicy.withOpenSpaceFloor(choice, 1);
        assertThat(all.threshold().threshold()).isGreaterThan(0.65);
        assertThat(all.threshold().threshold()).isLessThan(0.7);
        assertThat(all.threshold().basis()).isEqualTo(TagThreshold.BASIS_OPEN_SPACE);
        assertThat(all.threshold().recall()).isEqualTo(0.75);
        // A floor under the chosen threshold leaves the choice as it was.
        ThresholdPolicy.Choice loose = ThresholdPolicy.withOpenSpaceFloor(choice, 0.1);
        assertThat(loose.threshold()).isEqualTo(choice.threshold());
    }

    @Test
    void ambiguityTurnsADetectionUnknownWhenTheRunnerUpIsClose() {
        OpenSetModel plain = OpenSetModel.train(set, FC, PLAIN, 3, ZoneOffset.UTC);
        // Thresholds at 0: every segment is detected as its best tag unless ambiguity rejects it.
        double[] zero = new double[set.tags().size()];
        Prediction p = plain.predict(between(), null, zero);
        assertThat(p.known()).isTrue();
        double[] sorted = p.tagScores().values().stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        double gap = sorted[sorted.length - 1] - sorted[sorted.length - 2];
        OpenSetModel strict = OpenSetModel.train(
                set, FC, PLAIN.toBuilder().ambiguity(gap + 1e-6).build(), 3, ZoneOffset.UTC);
        OpenSetModel lenient =
                OpenSetModel.train(set, FC, PLAIN.toBuilder().ambiguity(gap / 2).build(), 3, ZoneOffset.UTC);
        assertThat(strict.predict(between(), null, zero).known()).isFalse();
        assertThat(strict.predict(between(), null, zero).bestTag()).isEqualTo(p.bestTag());
        assertThat(lenient.predict(between(), null, zero).known()).isTrue();
    }

    @Test
    void theMarginKeepsTheOrderOfTheTagsAndLowersTheBestByTheRunnerUp() {
        OpenSetModel plain = OpenSetModel.train(set, FC, PLAIN, 3, ZoneOffset.UTC);
        OpenSetModel margin =
                OpenSetModel.train(set, FC, PLAIN.toBuilder().margin(0.5).build(), 3, ZoneOffset.UTC);
        for (float[] x : set.features()) {
            Prediction a = plain.predict(x);
            Prediction b = margin.predict(x);
            assertThat(b.bestTag()).isEqualTo(a.bestTag());
            double[] s = a.tagScores().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            assertThat(b.tagScores().get(a.bestTag()))
                    .isCloseTo(s[s.length - 1] - 0.5 * s[s.length - 2], within(1e-12));
        }
    }

    @Test
    void theNeighbourRatioRejectsASoundNearerSomethingElseThanTheTag() {
        OpenSetModel plain = OpenSetModel.train(set, FC, PLAIN, 3, ZoneOffset.UTC);
        OpenSetModel ratio =
                OpenSetModel.train(set, FC, PLAIN.toBuilder().neighbourRatio(1).build(), 3, ZoneOffset.UTC);
        double[] zero = new double[set.tags().size()];
        // A bark's own example is at distance 0 from the tag: ratio 0, kept.
        assertThat(ratio.predict(set.features()[0], null, zero).tag()).contains("bark");
        // A background example is its own nearest non-tag neighbour: rejected for every tag.
        float[] bg = set.features()[set.size() - 1];
        assertThat(plain.predict(bg, null, zero).known()).isTrue();
        assertThat(ratio.predict(bg, null, zero).known()).isFalse();
    }

    @Test
    void theScoreFloorKeepsEveryThresholdAtLeastAtTheFloorShiftedByTypicality() {
        OpenSetModel plain = OpenSetModel.train(set, FC, PLAIN, 3, ZoneOffset.UTC);
        OpenSetModel floored =
                OpenSetModel.train(set, FC, PLAIN.toBuilder().scoreFloor(0.9).build(), 3, ZoneOffset.UTC);
        for (int t = 0; t < set.tags().size(); t++) {
            TagThreshold before = plain.thresholds().get(t);
            TagThreshold after = floored.thresholds().get(t);
            assertThat(after.threshold()).isEqualTo(Math.max(before.threshold(), 0.9));
            if (before.threshold() < 0.9) {
                assertThat(after.basis()).isEqualTo(TagThreshold.BASIS_SCORE_FLOOR);
            }
        }
        // With typicality, the floor moves with each tag's shift, as its scores do.
        ModelConfig typical = ModelConfig.defaults().toBuilder().scoreFloor(0.9).build();
        OpenSetModel shifted = OpenSetModel.train(set, FC, typical, 3, ZoneOffset.UTC);
        double[] floor = shifted.core().shifted(0.9);
        for (int t = 0; t < set.tags().size(); t++) {
            assertThat(shifted.thresholds().get(t).threshold()).isGreaterThanOrEqualTo(floor[t]);
        }
    }

    @Test
    void pseudoNegativesJoinEveryTagsNegativesAndLeaveTheScoresAlone() {
        OpenSetModel plain = OpenSetModel.train(set, FC, PLAIN, 3, ZoneOffset.UTC);
        OpenSetModel with = OpenSetModel.train(
                set, FC, PLAIN.toBuilder().pseudoNegatives(0.5).build(), 3, ZoneOffset.UTC);
        // One mix per held-out tag example (every fold holds examples of several tags).
        int examples = 3 * 6;
        for (int t = 0; t < set.tags().size(); t++) {
            assertThat(with.calibrations().get(t).others())
                    .hasSize(plain.calibrations().get(t).others().length + examples);
        }
        for (float[] x : set.features()) {
            assertThat(with.predict(x).tagScores()).isEqualTo(plain.predict(x).tagScores());
        }
        // With the open-space floor over every negative, a mix's score bounds each threshold from below.
        OpenSetModel floored = OpenSetModel.train(
                set, FC, PLAIN.toBuilder().pseudoNegatives(0.5).openSpace(1).build(), 3, ZoneOffset.UTC);
        for (int t = 0; t < set.tags().size(); t++) {
            double highest =
                    Arrays.stream(floored.calibrations().get(t).others()).max().orElseThrow();
            assertThat(floored.thresholds().get(t).threshold()).isGreaterThan(highest);
        }
    }

    @Test
    void everyOptionSurvivesTheModelFileAndRangesAreChecked() throws Exception {
        List<ModelConfig> configs = List.of(
                ModelConfig.defaults().toBuilder().pseudoUnknowns(0.5).build(),
                ModelConfig.defaults().toBuilder().openSpace(0.95).build(),
                ModelConfig.defaults().toBuilder().ambiguity(0.01).build(),
                ModelConfig.defaults().toBuilder().margin(0.25).build(),
                ModelConfig.defaults().toBuilder().neighbourRatio(1).build(),
                ModelConfig.defaults().toBuilder().scoreFloor(0.5).build(),
                ModelConfig.defaults().toBuilder()
                        .pseudoNegatives(0.5)
                        .openSpace(1)
                        .build());
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
        ModelConfig.Builder b = ModelConfig.defaults().toBuilder();
        assertThatThrownBy(() -> b.pseudoUnknowns(0.6).build()).hasMessageContaining("pseudoUnknowns");
        assertThatThrownBy(() -> b.pseudoUnknowns(0).openSpace(1.5).build()).hasMessageContaining("openSpace");
        assertThatThrownBy(() -> b.openSpace(0).ambiguity(-1).build()).hasMessageContaining("ambiguity");
        assertThatThrownBy(() -> b.ambiguity(0).margin(2).build()).hasMessageContaining("margin");
        assertThatThrownBy(() -> b.margin(0).neighbourRatio(-1).build()).hasMessageContaining("neighbourRatio");
        assertThatThrownBy(() -> b.neighbourRatio(0).scoreFloor(1.5).build()).hasMessageContaining("scoreFloor");
        assertThatThrownBy(() -> b.scoreFloor(0).pseudoNegatives(0.7).build()).hasMessageContaining("pseudoNegatives");
        assertThat(Arrays.asList(ModelOption.values()))
                .contains(ModelOption.PSEUDO_UNKNOWNS, ModelOption.OPEN_SPACE, ModelOption.AMBIGUITY);
    }
}
