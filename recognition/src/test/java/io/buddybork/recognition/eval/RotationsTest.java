package io.buddybork.recognition.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.testaudio.Synth;
import io.buddybork.recognition.testaudio.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationsTest {

    @TempDir
    static Path dir;

    static Path folder;
    static Path metaFolder;

    /** Seven synthetic classes of six clips as class sub-folders, and the same as meta.csv with groups. */
    @BeforeAll
    static void data() throws Exception {
        folder = dir.resolve("by-class");
        metaFolder = dir.resolve("meta");
        double[] f0 = {150, 300, 700, 1200, 2000, 3000, 4500};
        int[] pulses = {0, 2, 4, 1, 6, 8, 3};
        StringBuilder meta = new StringBuilder("filename,category,src_file\n");
        for (int c = 0; c < f0.length; c++) {
            for (int i = 0; i < 6; i++) {
                short[] pcm = Synth.classSound(f0[c], 3, pulses[c], 1.0, 16_000, c * 100L + i);
                WavFiles.write(folder.resolve("class" + c).resolve("c" + i + ".wav"), pcm, 16_000);
                String name = "class" + c + "_" + i + ".wav";
                WavFiles.write(metaFolder.resolve("audio").resolve(name), pcm, 16_000);
                meta.append(name)
                        .append(",class")
                        .append(c)
                        .append(",src")
                        .append(c)
                        .append('_')
                        .append(i / 2)
                        .append('\n');
            }
        }
        Files.writeString(metaFolder.resolve("meta.csv"), meta);
    }

    @Test
    void aFolderIsReadFromClassSubFoldersOrFromMetaCsvWithGroups() throws Exception {
        List<Rotations.Clip> byClass = Rotations.readFolder(folder);
        assertThat(byClass).hasSize(42);
        assertThat(byClass.stream().map(Rotations.Clip::label).distinct()).hasSize(7);
        List<Rotations.Clip> byMeta = Rotations.readFolder(metaFolder);
        assertThat(byMeta).hasSize(42);
        assertThat(byMeta.stream().map(Rotations.Clip::group).distinct()).hasSize(21);
        assertThatThrownBy(() -> Rotations.readFolder(dir.resolve("nothing-here")))
                .isInstanceOf(ManifestException.class);
    }

    @Test
    void splitsAreDisjointSeededAndKeepGroupsOnOneSide() throws Exception {
        List<Rotations.Clip> clips = Rotations.readFolder(metaFolder);
        Rotations.Plan plan = new Rotations.Plan(10, 3, 2, 2, 2, 3, 5);
        Set<String> knownSets = new HashSet<>();
        for (int r = 0; r < plan.rotations(); r++) {
            Manifest m = Rotations.split(clips, plan, r);
            assertThat(Rotations.split(clips, plan, r).rows()).isEqualTo(m.rows());
            List<String> known = m.trainingTags();
            assertThat(known).hasSize(3);
            knownSets.add(known.stream().sorted().collect(Collectors.joining(",")));
            Map<String, Long> trainPerTag = m.rows(Manifest.Split.TRAIN).stream()
                    .filter(row -> !row.label().equals(Manifest.BACKGROUND))
                    .collect(Collectors.groupingBy(Manifest.Row::label, Collectors.counting()));
            assertThat(trainPerTag.values()).allSatisfy(n -> assertThat(n).isBetween(2L, 3L));
            Set<String> unknown = m.rows(Manifest.Split.TEST).stream()
                    .map(Manifest.Row::label)
                    .filter(l -> !known.contains(l))
                    .collect(Collectors.toSet());
            assertThat(unknown).hasSize(2);
            assertThat(m.rows(Manifest.Split.TRAIN).stream()
                            .filter(row -> row.label().equals(Manifest.BACKGROUND)))
                    .hasSize(12);
            // Clips of one source recording never straddle train and test.
            Map<Path, String> groupOf =
                    clips.stream().collect(Collectors.toMap(Rotations.Clip::path, Rotations.Clip::group));
            Set<String> trainGroups = m.rows(Manifest.Split.TRAIN).stream()
                    .map(row -> groupOf.get(row.path()))
                    .collect(Collectors.toSet());
            assertThat(m.rows(Manifest.Split.TEST)).noneMatch(row -> trainGroups.contains(groupOf.get(row.path())));
        }
        assertThat(knownSets.size()).as("rotations draw different known tags").isGreaterThan(5);
        assertThatThrownBy(() -> Rotations.split(clips, new Rotations.Plan(1, 4, 2, 2, 4, 5, 1), 0))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("needs 8");
    }

    @Test
    void everyConfigurationIsEvaluatedOnEverySplitAndSummarised() throws Exception {
        List<Rotations.Clip> clips = Rotations.readFolder(folder);
        Rotations.Plan plan = new Rotations.Plan(3, 3, 2, 2, 3, 3, 1);
        Map<String, ModelConfig> configs = new LinkedHashMap<>();
        configs.put("previous", ModelConfig.previousDefault());
        configs.put("default", ModelConfig.defaults());
        FeatureExtractor fx = new FeatureExtractor(FeatureConfig.statisticsOnly());
        List<Rotations.Outcome> outcomes = Rotations.run(
                clips,
                plan,
                Map.of("default", ModelConfig.defaults().withInputs(ModelConfig.Inputs.ALL)),
                fx,
                null,
                2,
                ZoneOffset.UTC,
                n -> {});
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).accuracy()).hasSize(3);
        assertThat(Rotations.Outcome.mean(outcomes.get(0).accuracy())).isGreaterThanOrEqualTo(0.8);
        outcomes = Rotations.run(clips, plan, configs, fx, null, 2, ZoneOffset.UTC, n -> {});
        String table = Rotations.table(plan, outcomes);
        assertThat(table)
                .contains("3 rotations (seed 1)")
                .contains("| previous | ")
                .contains("| default | ")
                .containsPattern("\\| \\d\\.\\d{3} \\+- \\d\\.\\d{3} \\|");
    }

    @Test
    void meanAndStdIgnoreUndefinedValues() {
        double[] v = {0.5, Double.NaN, 0.7};
        assertThat(Rotations.Outcome.mean(v)).isEqualTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Rotations.Outcome.std(v)).isEqualTo(Math.sqrt(0.02), org.assertj.core.api.Assertions.within(1e-12));
    }
}
