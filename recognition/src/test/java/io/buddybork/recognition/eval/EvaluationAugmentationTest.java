package io.buddybork.recognition.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.augment.MixAugmenter;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.TrainingSet;
import io.buddybork.recognition.testaudio.SyntheticSets;
import io.buddybork.recognition.testaudio.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationAugmentationTest {

    @TempDir
    Path dir;

    @Test
    void backgroundMixesJoinTheTrainingSetWhenTheConfigurationAsksForThem() throws Exception {
        StringBuilder csv = new StringBuilder("path,label,split\n");
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 3; i++) {
                WavFiles.write(dir.resolve("t" + t + i + ".wav"), SyntheticSets.tagSound(t, 10 * t + i));
                csv.append("t")
                        .append(t)
                        .append(i)
                        .append(".wav,")
                        .append(SyntheticSets.TAGS.get(t))
                        .append(",train\n");
            }
        }
        for (int i = 0; i < 3; i++) {
            WavFiles.write(dir.resolve("bg" + i + ".wav"), SyntheticSets.background(i));
            csv.append("bg").append(i).append(".wav,background,train\n");
        }
        WavFiles.write(dir.resolve("test.wav"), SyntheticSets.tagSound(0, 99));
        csv.append("test.wav,").append(SyntheticSets.TAGS.get(0)).append(",test\n");
        Files.writeString(dir.resolve("m.csv"), csv);
        Manifest m = Manifest.read(dir.resolve("m.csv"));
        FeatureExtractor fx = new FeatureExtractor(FeatureConfig.statisticsOnly());
        Evaluation.Prepared prepared = Evaluation.prepare(m, fx, null, 0, 1, 1, n -> {});
        ModelConfig plain = ModelConfig.defaults();
        ModelConfig mixed = plain.withMixes(2, 5, 15, 3);
        MixAugmenter augmenter = new MixAugmenter(fx, null, 1);

        TrainingSet without = Evaluation.trainingSet(prepared, m.trainingTags(), plain, augmenter, 1);
        TrainingSet with = Evaluation.trainingSet(prepared, m.trainingTags(), mixed, augmenter, 1);
        assertThat(without.size()).isEqualTo(9);
        assertThat(with.size()).isEqualTo(9 + 6 * 2);
        assertThat(with.backgroundCount()).isEqualTo(3);
        assertThat(Evaluation.run(prepared, fx.config(), mixed, 1, ZoneOffset.UTC, augmenter)
                        .metrics()
                        .closedSetAccuracy())
                .isEqualTo(1.0);
        assertThatThrownBy(() -> Evaluation.run(prepared, fx.config(), mixed, 1, ZoneOffset.UTC))
                .hasMessageContaining("MixAugmenter");
    }
}
