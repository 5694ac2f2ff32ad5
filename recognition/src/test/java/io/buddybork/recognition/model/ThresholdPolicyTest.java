package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ThresholdPolicyTest {

    private static final ThresholdPolicy POLICY = ThresholdPolicy.forTarget(0.9);
    private static final double[] FIVE = {0.9, 0.85, 0.8, 0.78, 0.75};

    private static double[] uniform(int n, double lo, double hi, long seed) {
        Random r = new Random(seed);
        return IntStream.range(0, n)
                .mapToDouble(i -> lo + (hi - lo) * r.nextDouble())
                .toArray();
    }

    private static int[] ids(int n) {
        return IntStream.range(1000, 1000 + n).toArray();
    }

    @Test
    void cleanlySeparatedClipsGetTheMostLenientThresholdOfThePrecisionTarget() {
        double[] bg = uniform(100, 0.2, 0.5, 1);
        ThresholdPolicy.Choice c = POLICY.choose("bark", FIVE, bg, ids(100), new double[] {0.3, 0.4});
        TagThreshold t = c.threshold();
        assertThat(t.threshold()).isEqualTo(0.75);
        assertThat(t.basis()).isEqualTo(TagThreshold.BASIS_PRECISION);
        assertThat(t.recall()).isEqualTo(1.0);
        assertThat(t.precision()).isEqualTo(1.0);
        assertThat(t.positives()).isEqualTo(5);
        assertThat(t.backgroundCount()).isEqualTo(100);
        assertThat(t.backgroundRate()).isZero();
        assertThat(c.calibration().suspects()).isEmpty();
    }

    @Test
    void fiveExamplesNeverPromiseThePrecisionAndSaySoInPlainWords() {
        TagThreshold t = POLICY.choose("bark", FIVE, uniform(100, 0.2, 0.5, 1), ids(100), new double[0])
                .threshold();
        assertThat(t.targetReached()).isFalse();
        assertThat(t.warning()).contains("bark has 5 examples").contains("too few to promise precision 0.90");
    }

    @Test
    void enoughWellSeparatedExamplesPromiseThePrecision() {
        double[] pos = uniform(20, 0.7, 0.9, 2);
        TagThreshold t = POLICY.choose("bark", pos, uniform(300, 0.1, 0.5, 3), ids(300), new double[0])
                .threshold();
        assertThat(t.targetReached()).isTrue();
        assertThat(t.warning()).isNull();
    }

    @Test
    void anUnlabelledLookAlikeInTheBackgroundIsLeftOutAndReportedInsteadOfRaisingTheThreshold() {
        double[] bg = uniform(200, 0.2, 0.5, 4);
        bg[17] = 0.95; // an unlabelled bark on a background day
        bg[42] = 0.82;
        int[] groups = ids(200);
        ThresholdPolicy.Choice c = POLICY.choose("bark", FIVE, bg, groups, new double[0]);
        assertThat(c.calibration().suspects()).containsExactly(groups[17], groups[42]);
        assertThat(c.calibration().suspectScores()).containsExactly(0.95, 0.82);
        assertThat(c.threshold().threshold()).isEqualTo(0.75);
        assertThat(c.calibration().background()).hasSize(198);
    }

    @Test
    void withoutTheGuardALookAlikeCountsAsAFalseAlarmOnTheCalibrationData() {
        // The same data through the precision target alone: the old behaviour.
        double[] bg = uniform(200, 0.2, 0.5, 4);
        bg[17] = 0.95;
        double[] scores = new double[FIVE.length + bg.length];
        boolean[] pos = new boolean[scores.length];
        System.arraycopy(FIVE, 0, scores, 0, FIVE.length);
        java.util.Arrays.fill(pos, 0, FIVE.length, true);
        System.arraycopy(bg, 0, scores, FIVE.length, bg.length);
        TagThreshold old = TagThreshold.choose("bark", PrCurve.of(scores, pos), 0.9);
        assertThat(old.targetReached()).isFalse();
        assertThat(old.precision()).isLessThan(0.9);
        TagThreshold guarded =
                POLICY.choose("bark", FIVE, bg, ids(200), new double[0]).threshold();
        assertThat(guarded.precision()).isEqualTo(1.0);
    }

    @Test
    void anUnreachableTargetIsCappedSoMostOfTheTagsClipsStillClear() {
        // Background look-alikes spread over the positives' range (more than the guard may drop).
        double[] bg = new double[400];
        double[] low = uniform(380, 0.1, 0.5, 5);
        double[] high = uniform(20, 0.7, 0.95, 6);
        System.arraycopy(low, 0, bg, 0, 380);
        System.arraycopy(high, 0, bg, 380, 20);
        double[] pos = {0.99, 0.97, 0.96, 0.72, 0.71};
        ThresholdPolicy lenient = new ThresholdPolicy(0.9, 0.1, 0.9, 8);
        TagThreshold t =
                lenient.choose("bark", pos, bg, ids(400), new double[0]).threshold();
        // 10 % of 395 kept background clips may clear: the cap (the lowest clip, 0.71) is allowed.
        assertThat(t.threshold()).isEqualTo(0.71);
        assertThat(t.basis()).isEqualTo(TagThreshold.BASIS_RECALL_CAP);
        assertThat(t.recall()).isEqualTo(1.0);
        assertThat(t.warning()).isNotNull();
    }

    @Test
    void theBackgroundFloorWinsWhenTheCapWouldLetTooMuchBackgroundThrough() {
        double[] bg = new double[400];
        System.arraycopy(uniform(380, 0.1, 0.5, 5), 0, bg, 0, 380);
        System.arraycopy(uniform(20, 0.7, 0.95, 6), 0, bg, 380, 20);
        double[] pos = {0.99, 0.97, 0.96, 0.72, 0.71};
        ThresholdPolicy.Choice c = POLICY.choose("bark", pos, bg, ids(400), new double[0]);
        TagThreshold t = c.threshold();
        // At most 1 % of the kept background (3 of 395) may clear the threshold.
        assertThat(t.backgroundRate()).isLessThanOrEqualTo(0.01);
        assertThat(t.threshold()).isGreaterThan(0.71);
        assertThat(t.basis()).isIn(TagThreshold.BASIS_BACKGROUND_FLOOR, TagThreshold.BASIS_BEST_F1);
        assertThat(t.recall()).isEqualTo(c.calibration().at(t.threshold()).recall());
    }

    @Test
    void calibrationReadsOffAnyThreshold() {
        TagCalibration cal = new TagCalibration(
                "bark",
                new double[] {0.9, 0.8, 0.7, 0.6},
                new double[] {0.75, 0.5, 0.4, 0.3},
                new double[] {0.65},
                new int[0],
                new double[0]);
        TagCalibration.OperatingPoint p = cal.at(0.7);
        assertThat(p.truePositives()).isEqualTo(3);
        assertThat(p.backgroundHits()).isEqualTo(1);
        assertThat(p.otherHits()).isZero();
        assertThat(p.recall()).isCloseTo(0.75, within(1e-12));
        assertThat(p.precision()).isCloseTo(0.75, within(1e-12));
        assertThat(p.backgroundRate()).isCloseTo(0.25, within(1e-12));
        double[] candidates = cal.candidates(0.72, 50);
        assertThat(candidates).contains(0.9, 0.8, 0.7, 0.6, 0.72);
        for (int i = 1; i < candidates.length; i++) {
            assertThat(candidates[i]).isLessThan(candidates[i - 1]);
        }
        assertThat(cal.candidates(0.72, 3)).hasSize(3);
    }
}
