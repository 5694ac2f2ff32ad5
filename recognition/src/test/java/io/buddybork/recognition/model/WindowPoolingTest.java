package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.testaudio.SyntheticSets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WindowPoolingTest {

    private static TrainingSet set;

    @BeforeAll
    static void data() {
        set = SyntheticSets.trainingSet(5, 8, 6);
    }

    @Test
    void poolingTakesTheMeanOrTheMeanOfTheBestWindowsPerTag() {
        List<double[]> windows = List.of(new double[] {0.1, 0.9}, new double[] {0.7, 0.2}, new double[] {0.4, 0.5});
        assertThat(OpenSetModel.pool(windows, 2, 0)).containsExactly(new double[] {0.4, 1.6 / 3}, within(1e-12));
        assertThat(OpenSetModel.pool(windows, 2, 1)).containsExactly(0.7, 0.9);
        assertThat(OpenSetModel.pool(windows, 2, 2)).containsExactly(new double[] {0.55, 0.7}, within(1e-12));
        assertThat(OpenSetModel.pool(windows, 2, 5)).isEqualTo(OpenSetModel.pool(windows, 2, 0));
    }

    @Test
    void maxPoolingScoresASegmentByItsLoudestWindow() {
        OpenSetModel model = OpenSetModel.train(
                set, FeatureConfig.defaults(), ModelConfig.defaults().withPoolTopK(1), 2, ZoneOffset.UTC);
        float[] quiet = SyntheticSets.features(SyntheticSets.background(77));
        float[] bark = SyntheticSets.features(SyntheticSets.tagSound(1, 4242));
        Prediction barkAlone = model.predict(bark);
        Prediction pooled = model.predictWindows(List.of(quiet, bark, quiet), null);
        assertThat(pooled.tagScores().get("mid_pulse"))
                .isEqualTo(barkAlone.tagScores().get("mid_pulse"));
        assertThat(pooled.bestTag()).isEqualTo("mid_pulse");
        OpenSetModel mean =
                OpenSetModel.train(set, FeatureConfig.defaults(), ModelConfig.defaults(), 2, ZoneOffset.UTC);
        assertThat(mean.predictWindows(List.of(quiet, bark, quiet), null)
                        .tagScores()
                        .get("mid_pulse"))
                .isLessThan(barkAlone.tagScores().get("mid_pulse"));
    }
}
