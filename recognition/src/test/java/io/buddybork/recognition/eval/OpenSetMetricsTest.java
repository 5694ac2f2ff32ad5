package io.buddybork.recognition.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.model.PrCurve;
import io.buddybork.recognition.model.Prediction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenSetMetricsTest {

    private static Prediction p(String best, boolean known, double a, double b) {
        return new Prediction(best, Math.max(a, b), known, Map.of("a", a, "b", b));
    }

    @Test
    void confusionPerClassScoresAndAurocFollowTheirDefinitions() {
        List<String> tags = List.of("a", "b");
        int[] truth = {0, 0, 1, -1, -1};
        List<Prediction> predictions = List.of(
                p("a", true, 0.9, 0.1), // a -> a
                p("b", false, 0.3, 0.4), // a -> unknown (closed-set: b, wrong)
                p("b", true, 0.2, 0.8), // b -> b
                p("a", true, 0.7, 0.1), // unknown -> a (false alarm)
                p("b", false, 0.1, 0.2)); // unknown -> unknown
        OpenSetMetrics m = OpenSetMetrics.compute(tags, truth, predictions);
        assertThat(m.confusion()).isDeepEqualTo(new int[][] {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}});
        assertThat(m.classes()).containsExactly("a", "b", "unknown");
        assertThat(m.precision()[0]).isCloseTo(0.5, within(1e-12));
        assertThat(m.recall()[0]).isCloseTo(0.5, within(1e-12));
        assertThat(m.f1()[1]).isCloseTo(1.0, within(1e-12));
        assertThat(m.f1()[2]).isCloseTo(0.5, within(1e-12));
        assertThat(m.openSetMacroF1()).isCloseTo((0.5 + 1.0 + 0.5) / 3, within(1e-12));
        assertThat(m.closedSetAccuracy()).isCloseTo(2.0 / 3, within(1e-12));
        // best scores: known {0.9, 0.4, 0.8}, unknown {0.7, 0.2}: 5 of 6 pairs ordered right.
        assertThat(m.auroc()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(m.perTag()).containsKeys("a", "b", "unknown");
    }

    @Test
    void aurocCountsTiesAsHalf() {
        assertThat(OpenSetMetrics.auroc(List.of(0.5, 0.5), List.of(0.5))).isEqualTo(0.5);
        assertThat(OpenSetMetrics.auroc(List.of(1.0), List.of())).isNaN();
    }

    @Test
    void prCurveHasOnePointPerDistinctScore() {
        PrCurve c = PrCurve.of(new double[] {0.9, 0.8, 0.8, 0.3}, new boolean[] {true, false, true, false});
        assertThat(c.thresholds()).containsExactly(0.9, 0.8, 0.3);
        assertThat(c.precision()).containsExactly(1.0, 2.0 / 3, 0.5);
        assertThat(c.recall()).containsExactly(0.5, 1.0, 1.0);
        assertThat(c.averagePrecision()).isCloseTo(0.5 * 1.0 + 0.5 * (2.0 / 3), within(1e-12));
    }
}
