package io.buddybork.recognition.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.recognition.eval.ClipFeaturizer.ClipVectors;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.testaudio.Synth;
import io.buddybork.recognition.testaudio.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationFeedbackTest {

    @TempDir
    static Path dir;

    static List<Rotations.Clip> clips;

    /** Seven synthetic classes of six clips, three source recordings of two clips each. */
    @BeforeAll
    static void data() throws Exception {
        double[] f0 = {150, 300, 700, 1200, 2000, 3000, 4500};
        int[] pulses = {0, 2, 4, 1, 6, 8, 3};
        StringBuilder meta = new StringBuilder("filename,category,src_file\n");
        for (int c = 0; c < f0.length; c++) {
            for (int i = 0; i < 6; i++) {
                String name = "class" + c + "_" + i + ".wav";
                WavFiles.write(
                        dir.resolve("audio").resolve(name),
                        Synth.classSound(f0[c], 3, pulses[c], 1.0, 16_000, c * 100L + i),
                        16_000);
                meta.append(name)
                        .append(",class")
                        .append(c)
                        .append(",src")
                        .append(i / 2)
                        .append('\n');
            }
        }
        Files.writeString(dir.resolve("meta.csv"), meta);
        clips = Rotations.readFolder(dir);
    }

    private static ClipVectors clip(String path, String label) {
        return new ClipVectors(
                new Manifest.Row(2, Path.of(path), label, Manifest.Split.TEST, null), List.of(new float[1]), 1.0);
    }

    @Test
    void halvesSplitEachClassByGroupAndAreSeeded() {
        List<ClipVectors> test = new ArrayList<>();
        Map<Path, String> groups = new HashMap<>();
        for (String label : List.of("a", "b")) {
            for (int i = 0; i < 6; i++) {
                ClipVectors c = clip(label + i + ".wav", label);
                test.add(c);
                groups.put(c.row().path(), label + "/" + (i / 2));
            }
        }
        List<List<ClipVectors>> halves = Rotations.halves(test, groups, new Random(3));
        assertThat(halves.get(0)).hasSize(4); // one of three groups per class (rounded down)
        assertThat(halves.get(1)).hasSize(8);
        Set<String> streamed =
                halves.get(0).stream().map(c -> groups.get(c.row().path())).collect(Collectors.toSet());
        assertThat(halves.get(1))
                .noneMatch(c -> streamed.contains(groups.get(c.row().path())));
        assertThat(Rotations.halves(test, groups, new Random(3))).isEqualTo(halves);
    }

    @Test
    void correctDetectionsComeBackAsTheirTagAndWrongOnesAsBackground() throws Exception {
        Rotations.Plan plan = new Rotations.Plan(1, 3, 2, 2, 2, 2, 4);
        Manifest m = Rotations.split(clips, plan, 0);
        FeatureExtractor fx = new FeatureExtractor(FeatureConfig.statisticsOnly());
        Evaluation.Prepared prepared = Evaluation.prepare(m, fx, null, 0, 1, 2, n -> {});
        OpenSetModel model = Evaluation.run(prepared, fx.config(), ModelConfig.defaults(), 1, ZoneOffset.UTC)
                .model();
        List<ClipVectors> all = Rotations.feedback(model, prepared.test(), Rotations.Feedback.BOTH);
        assertThat(all).isNotEmpty();
        for (ClipVectors fed : all) {
            ClipVectors original = prepared.test().stream()
                    .filter(c -> c.row().path().equals(fed.row().path()))
                    .findFirst()
                    .orElseThrow();
            String detected =
                    model.predictWindows(original.windows(), null).tag().orElseThrow();
            assertThat(fed.row().split()).isEqualTo(Manifest.Split.TRAIN);
            assertThat(fed.row().label())
                    .isEqualTo(detected.equals(original.row().label()) ? detected : Manifest.BACKGROUND);
        }
        assertThat(Rotations.feedback(model, prepared.test(), Rotations.Feedback.CONFIRMED))
                .allMatch(c -> !c.row().label().equals(Manifest.BACKGROUND));
        assertThat(Rotations.feedback(model, prepared.test(), Rotations.Feedback.REJECTED))
                .allMatch(c -> c.row().label().equals(Manifest.BACKGROUND));
    }

    @Test
    void theFeedbackLoopReportsTheHeldOutHalfBeforeAndAfter() throws Exception {
        Rotations.Plan plan = new Rotations.Plan(2, 3, 2, 2, 2, 2, 1);
        List<Rotations.Outcome> outcomes = Rotations.run(
                clips,
                plan,
                Map.of("default", ModelConfig.defaults()),
                new FeatureExtractor(FeatureConfig.statisticsOnly()),
                null,
                2,
                ZoneOffset.UTC,
                Rotations.Feedback.BOTH,
                n -> {});
        assertThat(outcomes)
                .extracting(Rotations.Outcome::name)
                .containsExactly("default (held-out half)", "default + feedback (both)");
        assertThat(outcomes.get(1).accuracy()).hasSize(2);
    }
}
