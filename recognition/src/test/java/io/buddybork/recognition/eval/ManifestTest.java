package io.buddybork.recognition.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.testaudio.SyntheticSets;
import io.buddybork.recognition.testaudio.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @TempDir
    Path dir;

    private Path manifest(String body) throws Exception {
        WavFiles.write(dir.resolve("audio/a.wav"), SyntheticSets.tagSound(0, 1));
        WavFiles.write(dir.resolve("audio/b.wav"), SyntheticSets.tagSound(1, 2));
        return Files.writeString(dir.resolve("m.csv"), body);
    }

    @Test
    void readsRowsResolvingRelativePathsAgainstTheManifestFolder() throws Exception {
        Path abs = dir.resolve("audio/b.wav").toAbsolutePath();
        Path m = manifest("path,label,split,time\naudio/a.wav,dog,train,2026-05-01T07:00:00Z\n" + abs
                + ",background,train,1777619000000\n\naudio/a.wav,cat,test,2026-05-01T08:00:00Z\n");
        Manifest read = Manifest.read(m);
        assertThat(read.rows()).hasSize(3);
        assertThat(read.rows().get(0).path())
                .isEqualTo(dir.resolve("audio/a.wav").toAbsolutePath().normalize());
        assertThat(read.rows().get(1).path()).isEqualTo(abs);
        assertThat(read.rows().get(2).line()).isEqualTo(5);
        assertThat(read.trainingTags()).containsExactly("dog");
        assertThat(read.rows().get(0).time()).isEqualTo(Instant.parse("2026-05-01T07:00:00Z"));
        assertThat(read.hasTimes()).isTrue();
    }

    @Test
    void missingColumnsAreNamed() throws Exception {
        Path m = manifest("file,label\naudio/a.wav,dog\n");
        assertThatThrownBy(() -> Manifest.read(m))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("row 1")
                .hasMessageContaining("missing column(s) path, split");
    }

    @Test
    void aMissingFileNamesItsRow() throws Exception {
        Path m = manifest("path,label,split\naudio/a.wav,dog,train\naudio/nope.wav,dog,train\n");
        assertThatThrownBy(() -> Manifest.read(m))
                .hasMessageContaining("row 3")
                .hasMessageContaining("not found")
                .hasMessageContaining("nope.wav");
    }

    @Test
    void aBadSplitOrShortRowNamesItsRow() throws Exception {
        assertThatThrownBy(() -> Manifest.read(manifest("path,label,split\naudio/a.wav,dog,validation\n")))
                .hasMessageContaining("row 2")
                .hasMessageContaining("split must be train or test");
        assertThatThrownBy(() -> Manifest.read(manifest("path,label,split\naudio/a.wav,dog\n")))
                .hasMessageContaining("row 2")
                .hasMessageContaining("expected 3 fields");
        assertThatThrownBy(() -> Manifest.read(manifest("path,label,split\naudio/a.wav,,train\n")))
                .hasMessageContaining("row 2")
                .hasMessageContaining("empty label");
    }

    @Test
    void aManifestWithoutTrainingTagsIsRefused() throws Exception {
        Path m = manifest("path,label,split\naudio/a.wav,background,train\naudio/b.wav,dog,test\n");
        assertThatThrownBy(() -> Manifest.read(m)).hasMessageContaining("no training tags");
    }

    @Test
    void unreadableAudioNamesItsRowWhenFeaturised() throws Exception {
        Path m = manifest("path,label,split\naudio/a.wav,dog,train\naudio/bad.wav,dog,train\n");
        Files.writeString(dir.resolve("audio/bad.wav"), "this is not a wav file at all");
        Manifest read = Manifest.read(m);
        FeatureExtractor ex = new FeatureExtractor(FeatureConfig.defaults());
        assertThatThrownBy(() -> new ClipFeaturizer(ex, null, 0, 1, 2).featurize(read.rows(), n -> {}))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("row 3")
                .hasMessageContaining("unreadable audio");
    }

    @Test
    void quotedFieldsMayContainCommas() {
        assertThat(Manifest.split("\"a,b.wav\",dog,\"say \"\"hi\"\"\""))
                .containsExactly("a,b.wav", "dog", "say \"hi\"");
    }

    @Test
    void clipsAreCutIntoOverlappingWindowsCoveringTheEnd() {
        List<int[]> w = ClipFeaturizer.windows(5 * 44_100, 44_100, 3.0, 1.0);
        assertThat(w).hasSize(3);
        assertThat(w.get(2)[0] + w.get(2)[1]).isEqualTo(5 * 44_100);
        assertThat(ClipFeaturizer.windows(3 * 44_100, 44_100, 3.0, 1.0)).hasSize(1);
        assertThat(ClipFeaturizer.windows(5 * 44_100, 44_100, 0, 1.0).get(0)).containsExactly(0, 5 * 44_100);
        List<int[]> odd = ClipFeaturizer.windows((int) (5.7 * 44_100), 44_100, 3.0, 1.0);
        assertThat(odd.get(odd.size() - 1)[0] + 3 * 44_100).isEqualTo((int) (5.7 * 44_100));
    }
}
