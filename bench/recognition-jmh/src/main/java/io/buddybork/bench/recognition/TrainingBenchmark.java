package io.buddybork.bench.recognition;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.TrainingSet;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training time at hub scale: 5,000 segment vectors of 10 tags plus 1,000 background vectors
 * (Gaussian clusters of the real vector length, so the cost is the model's, not featurisation's),
 * full training including 5-fold threshold calibration. Single shot: one training per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class TrainingBenchmark {

    @Param({"DEFAULT", "PREVIOUS_LDA_SVM", "PCA_LOGISTIC"})
    public String pipeline;

    private TrainingSet set;
    private ModelConfig config;

    @Setup
    public void setUp() {
        FeatureConfig fc = FeatureConfig.defaults();
        int d = fc.vectorLength();
        Random random = new Random(7);
        List<String> tags = new ArrayList<>();
        double[][] centres = new double[11][d];
        for (int t = 0; t < 11; t++) {
            if (t < 10) {
                tags.add("tag" + t);
            }
            for (int j = 0; j < d; j++) {
                centres[t][j] = random.nextGaussian() * 2;
            }
        }
        int n = 6_000;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int t = i < 5_000 ? i % 10 : 10;
            y[i] = t < 10 ? t : TrainingSet.BACKGROUND;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (centres[t][j] + random.nextGaussian() * 3);
            }
        }
        set = TrainingSet.of(tags, x, y);
        config = switch (pipeline) {
            case "DEFAULT" -> ModelConfig.defaults();
            case "PREVIOUS_LDA_SVM" -> ModelConfig.previousDefault().withInputs(ModelConfig.Inputs.ALL);
            default ->
                ModelConfig.defaults()
                        .withProjector(ModelConfig.Projector.PCA)
                        .withClassifier(ModelConfig.ClassifierKind.LOGISTIC)
                        .withScore(ModelConfig.ScoreFunction.POSTERIOR);
        };
    }

    @Benchmark
    public OpenSetModel train5000Segments10Tags() {
        return OpenSetModel.train(set, FeatureConfig.defaults(), config, 42, ZoneOffset.UTC);
    }
}
