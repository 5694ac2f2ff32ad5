package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.eval.OpenSetMetrics;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.model.ModelConfig.ClassifierKind;
import io.buddybork.recognition.model.ModelConfig.Projector;
import io.buddybork.recognition.model.ModelConfig.ScoreFunction;
import io.buddybork.recognition.testaudio.SyntheticSets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenSetModelTest {

    private static final FeatureConfig FC = FeatureConfig.defaults();
    private static TrainingSet train;
    private static List<float[]> knownTest;
    private static int[] knownTruth;
    private static List<float[]> unknownTest;

    @BeforeAll
    static void data() {
        train = SyntheticSets.trainingSet(8, 12, 1);
        knownTest = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 5; i++) {
                knownTest.add(SyntheticSets.features(SyntheticSets.tagSound(t, 90_000 + t * 10 + i)));
                truth.add(t);
            }
        }
        knownTruth = truth.stream().mapToInt(Integer::intValue).toArray();
        unknownTest = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            unknownTest.add(SyntheticSets.features(SyntheticSets.unknown(70_000 + i)));
        }
    }

    private static OpenSetMetrics evaluate(OpenSetModel model) {
        List<Prediction> predictions = new ArrayList<>();
        int[] truth = new int[knownTest.size() + unknownTest.size()];
        for (int i = 0; i < knownTest.size(); i++) {
            predictions.add(model.predict(knownTest.get(i)));
            truth[i] = knownTruth[i];
        }
        for (int i = 0; i < unknownTest.size(); i++) {
            predictions.add(model.predict(unknownTest.get(i)));
            truth[knownTest.size() + i] = -1;
        }
        return OpenSetMetrics.compute(model.tags(), truth, predictions);
    }

    @Test
    void theDefaultModelRecognisesKnownTagsAndRejectsUnknownSounds() {
        OpenSetModel model = OpenSetModel.train(train, FC, ModelConfig.defaults(), 7, ZoneOffset.UTC);
        OpenSetMetrics m = evaluate(model);
        assertThat(m.closedSetAccuracy()).isGreaterThanOrEqualTo(0.9);
        assertThat(m.auroc()).isGreaterThanOrEqualTo(0.8);
        int unknownRow = model.tags().size();
        assertThat(m.confusion()[unknownRow][unknownRow])
                .as("unknowns rejected")
                .isGreaterThanOrEqualTo(6);
    }

    static Stream<Arguments> pipelines() {
        List<Arguments> out = new ArrayList<>();
        for (Projector p : Projector.values()) {
            for (ClassifierKind c : ClassifierKind.values()) {
                out.add(Arguments.of(p, c, ScoreFunction.POSTERIOR));
            }
        }
        for (ScoreFunction s : ScoreFunction.values()) {
            out.add(Arguments.of(Projector.PCA, ClassifierKind.LOGISTIC, s));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("pipelines")
    void everyProjectorClassifierAndScoreFunctionTrainsAndClassifies(Projector p, ClassifierKind c, ScoreFunction s) {
        ModelConfig config =
                ModelConfig.defaults().withProjector(p).withClassifier(c).withScore(s);
        if (p == Projector.PCA && c == ClassifierKind.LDA) {
            // The LDA classifier needs fewer dimensions than examples in each calibration fold: keep fewer components.
            config = ModelConfig.parse("projector=PCA,pca-variance=0.8,classifier=LDA,score=" + s);
        }
        ModelConfig fixed = config;
        if (p == Projector.NONE && c == ClassifierKind.LDA && config.needsClassifier()) {
            // 24 examples cannot estimate a 250-dimensional covariance: a clear error, not a crash.
            assertThatThrownBy(() -> OpenSetModel.train(train, FC, fixed, 3, ZoneOffset.UTC))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("project first");
            return;
        }
        OpenSetModel model = OpenSetModel.train(train, FC, config, 3, ZoneOffset.UTC);
        OpenSetMetrics m = evaluate(model);
        assertThat(m.closedSetAccuracy()).as(config.describe()).isGreaterThanOrEqualTo(0.8);
        for (Prediction pr : List.of(model.predict(knownTest.get(0)), model.predict(unknownTest.get(0)))) {
            assertThat(pr.tagScores().values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        }
    }

    /** Smile 6.3.0's FLD throws ArrayIndexOutOfBounds when dimensions < examples < dimensions + classes. */
    @Test
    void theLdaProjectionTrainsWhenExamplesJustExceedDimensions() {
        ModelConfig baseline = ModelConfig.classicBaseline(); // 40 inputs (MFCC mean/std)
        for (int perTag : new int[] {13, 14}) { // 39 and 42 known examples around 40 dimensions
            TrainingSet set = SyntheticSets.trainingSet(perTag, 4, 2);
            OpenSetModel model = OpenSetModel.train(set, FC, baseline, 3, ZoneOffset.UTC);
            assertThat(evaluate(model).closedSetAccuracy())
                    .as("%d per tag", perTag)
                    .isGreaterThanOrEqualTo(0.8);
        }
    }

    @Test
    void trainingIsDeterministicForASeed() {
        ModelConfig config = ModelConfig.defaults();
        OpenSetModel a = OpenSetModel.train(train, FC, config, 11, ZoneOffset.UTC);
        OpenSetModel b = OpenSetModel.train(train, FC, config, 11, ZoneOffset.UTC);
        assertThat(a.thresholds()).isEqualTo(b.thresholds());
        for (float[] x : knownTest) {
            assertThat(a.predict(x)).isEqualTo(b.predict(x));
        }
    }

    @Test
    void thresholdsMeetTheTargetPrecisionOnTheirCalibrationCurve() {
        OpenSetModel model =
                OpenSetModel.train(train, FC, ModelConfig.defaults().withTargetPrecision(0.9), 5, ZoneOffset.UTC);
        assertThat(model.thresholds()).hasSize(3);
        for (int t = 0; t < 3; t++) {
            TagThreshold th = model.thresholds().get(t);
            PrCurve curve = model.calibrationCurves().get(t);
            assertThat(curve.positives()).isEqualTo(8);
            assertThat(curve.thresholds()).isNotEmpty();
            if (th.targetReached()) {
                assertThat(th.precision()).isGreaterThanOrEqualTo(0.9);
            }
            // The chosen point lies on the kept curve unless the background floor set it, and its
            // figures are those of the calibration data behind it.
            if (!TagThreshold.BASIS_BACKGROUND_FLOOR.equals(th.basis())) {
                int i = Arrays.binarySearch(negate(curve.thresholds()), -th.threshold());
                assertThat(i).isNotNegative();
                assertThat(curve.precision()[i]).isEqualTo(th.precision());
            }
            TagCalibration cal = model.calibrations().get(t);
            assertThat(cal.positives()).hasSize(8);
            assertThat(cal.at(th.threshold()).recall()).isEqualTo(th.recall());
        }
        assertThat(model.summary().calibrationFolds()).isEqualTo(5);
    }

    private static double[] negate(double[] v) {
        return Arrays.stream(v).map(x -> -x).toArray();
    }

    @Test
    void aSegmentUnderEveryThresholdIsUnknownButKeepsItsBestCandidate() {
        OpenSetModel model =
                OpenSetModel.train(train, FC, ModelConfig.defaults().withTargetPrecision(1.0), 5, ZoneOffset.UTC);
        Prediction p = model.predict(unknownTest.get(0));
        boolean under = true;
        for (TagThreshold t : model.thresholds()) {
            under &= p.tagScores().get(t.tag()) < t.threshold();
        }
        assertThat(p.known()).isEqualTo(!under);
        if (!p.known()) {
            assertThat(p.tag()).isEmpty();
            assertThat(p.bestTag()).isIn(SyntheticSets.TAGS);
        }
    }

    @Test
    void byDefaultNoTimeOfDayPriorChangesAScoreAtAnHourTrainingNeverSaw() {
        OpenSetModel model = OpenSetModel.train(train, FC, ModelConfig.defaults(), 5, ZoneOffset.UTC);
        float[] x = knownTest.get(7);
        Prediction none = model.predict(x);
        for (int h = 0; h < 24; h++) {
            Prediction p =
                    model.predict(x, Instant.parse("2026-06-01T00:00:00Z").plusSeconds(3600L * h));
            assertThat(p.tagScores()).isEqualTo(none.tagScores());
            assertThat(p.known()).isEqualTo(none.known());
        }
    }

    @Test
    void anOptInTimePriorFromTensOfLabelsLowersAnUnseenHourByAtMostAFewPercent() {
        OpenSetModel model =
                OpenSetModel.train(train, FC, ModelConfig.defaults().withTimePriorWeight(1.0), 5, ZoneOffset.UTC);
        int events = model.timeModels().get("mid_pulse").observations();
        assertThat(events).isLessThan(40);
        for (int h = 0; h < 24; h++) {
            double f = model.timePriorFactor(
                    "mid_pulse", Instant.parse("2026-06-01T00:00:00Z").plusSeconds(3600L * h));
            assertThat(f).isLessThanOrEqualTo(1.0).isGreaterThanOrEqualTo(1 - 0.5 * events / (events + 200.0));
        }
    }

    @Test
    void theTimeOfDayPriorLowersScoresAtOddHoursAndNeverRaisesThem() {
        ModelConfig config = ModelConfig.defaults().withTimePriorWeight(0.5);
        OpenSetModel model = OpenSetModel.train(train, FC, config, 5, ZoneOffset.UTC);
        assertThat(model.timeModels()).containsOnlyKeys(SyntheticSets.TAGS);
        float[] x = knownTest.get(7); // mid_pulse, usually around 12:00
        double usual = model.predict(x, Instant.parse("2026-06-01T12:00:00Z"))
                .tagScores()
                .get("mid_pulse");
        double odd = model.predict(x, Instant.parse("2026-06-01T00:00:00Z"))
                .tagScores()
                .get("mid_pulse");
        double none = model.predict(x).tagScores().get("mid_pulse");
        // Thresholds are calibrated without the prior, so it may only lower a score.
        assertThat(usual).isLessThanOrEqualTo(none).isGreaterThan(odd);
        assertThat(usual).isCloseTo(none, org.assertj.core.api.Assertions.within(0.25 * none));
        assertThat(odd).isLessThan(none);
        for (int h = 0; h < 24; h++) {
            Prediction p =
                    model.predict(x, Instant.parse("2026-06-01T00:00:00Z").plusSeconds(3600L * h));
            for (String tag : SyntheticSets.TAGS) {
                assertThat(p.tagScores().get(tag))
                        .isLessThanOrEqualTo(model.predict(x).tagScores().get(tag));
            }
        }
    }

    @Test
    void anAssessmentIsThePredictionAndTheNoveltyOfOnePass() {
        OpenSetModel model = OpenSetModel.train(train, FC, ModelConfig.defaults(), 5, ZoneOffset.UTC);
        double[] strict = model.thresholds().stream().mapToDouble(t -> 0.99).toArray();
        for (float[] x : List.of(knownTest.get(0), knownTest.get(7), unknownTest.get(0))) {
            Instant at = Instant.parse("2026-06-01T03:00:00Z");
            OpenSetModel.Assessment a = model.assess(x, at, null);
            assertThat(a.prediction()).isEqualTo(model.predict(x, at));
            assertThat(a.novelty()).isEqualTo(model.novelty(x));
            assertThat(model.assess(x, at, strict).prediction()).isEqualTo(model.predict(x, at, strict));
        }
    }

    @Test
    void aSingleTagWithBackgroundIsEnough() {
        int[] labels = train.labels().clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > 0) {
                labels[i] = TrainingSet.BACKGROUND;
            }
        }
        TrainingSet one = TrainingSet.of(List.of("low_hum"), train.features(), labels);
        // The default (posterior) score cannot separate anything with one tag; it falls back to distance.
        OpenSetModel model = OpenSetModel.train(one, FC, ModelConfig.defaults(), 1, ZoneOffset.UTC);
        assertThat(model.predict(knownTest.get(0)).tagScores()).containsOnlyKeys("low_hum");
        assertThat(model.predict(knownTest.get(0)).score())
                .isGreaterThan(model.predict(knownTest.get(12)).score());
        assertThat(model.predict(knownTest.get(0)).known()).isTrue();
        assertThat(model.predict(knownTest.get(12)).known()).isFalse();
    }

    @Test
    void refusesEmptyOrMismatchedInput() {
        TrainingSet onlyBackground =
                TrainingSet.of(List.of("x"), new float[][] {train.features()[0]}, new int[] {TrainingSet.BACKGROUND});
        assertThatThrownBy(() -> OpenSetModel.train(onlyBackground, FC, ModelConfig.defaults(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no examples");
        OpenSetModel model = OpenSetModel.train(train, FC, ModelConfig.defaults(), 1, ZoneOffset.UTC);
        assertThatThrownBy(() -> model.predict(new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expects " + FC.vectorLength());
    }
}
