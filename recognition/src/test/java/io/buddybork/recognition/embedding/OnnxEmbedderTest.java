package io.buddybork.recognition.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.testaudio.Synth;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic stage, with the bundled mel front end standing in for an owner's model file. */
class OnnxEmbedderTest {

    @TempDir
    Path dir;

    private Path descriptor(String name, String sha, String pooling) throws Exception {
        Path model = dir.resolve("mel.onnx");
        if (!Files.exists(model)) {
            try (InputStream in = getClass().getResourceAsStream(SpeechEmbedder.MEL_RESOURCE)) {
                Files.write(model, in.readAllBytes());
            }
        }
        Path json = dir.resolve(name + ".json");
        Files.writeString(json, """
                {"name": "%s", "version": "1", "model": "mel.onnx", "sha256": "%s", "sampleRate": 16000,
                 "windowSeconds": 1.0, "hopSeconds": 0.5, "inputScale": "int16", "dimension": 32, "pooling": "%s"}
                """.formatted(name, sha, pooling));
        return json;
    }

    @Test
    void aDescribedModelEmbedsRowsOfItsDimensionPooledOverWindows() throws Exception {
        Path json = descriptor("melstats", SpeechEmbedder.MEL_SHA256, "MEAN_STD");
        OnnxEmbedder e = new OnnxEmbedder(json, 30);
        assertThat(e.identity()).isEqualTo("onnx-melstats-1-" + SpeechEmbedder.MEL_SHA256.substring(0, 12));
        short[] pcm = Synth.classSound(600, 4, 2, 3.0, 44_100, 3);
        float[] v = e.embed(pcm, 0, pcm.length, 44_100);
        assertThat(v).hasSize(64);
        assertThat(e.names()).hasSize(64).startsWith("onnx.melstats:mean0");
        assertThat(e.embed(pcm, 0, pcm.length, 44_100)).containsExactly(v);
        assertThat(e.describeModel()).contains("input input").contains("output output");
    }

    @Test
    void stagesConcatenateAndTheDescriptorIsPartOfTheFingerprint() throws Exception {
        Path json = descriptor("melmean", SpeechEmbedder.MEL_SHA256, "MEAN");
        FeatureConfig fc = FeatureConfig.defaults().withStages(List.of("stats", "onnx:" + json));
        assertThat(fc.fingerprint()).endsWith("+stats+onnx-melmean-1-" + SpeechEmbedder.MEL_SHA256.substring(0, 12));
        FeatureExtractor fx = new FeatureExtractor(fc);
        short[] pcm = Synth.classSound(600, 4, 2, 3.0, 44_100, 4);
        float[] all = fx.extract(pcm, 44_100);
        assertThat(all).hasSize(257 + 32).hasSize(fc.vectorLength());
        float[] stats = fx.statistics().extract(pcm, 0, pcm.length, 44_100);
        float[] mel = new OnnxEmbedder(json, 30).embed(pcm, 0, pcm.length, 44_100);
        assertThat(java.util.Arrays.copyOfRange(all, 0, 257)).containsExactly(stats);
        assertThat(java.util.Arrays.copyOfRange(all, 257, all.length)).containsExactly(mel);
    }

    @Test
    void aModelFileWithAnotherChecksumIsRefused() throws Exception {
        Path json = descriptor("wrongsum", "0".repeat(64), "MEAN");
        OnnxEmbedder e = new OnnxEmbedder(json, 30);
        short[] pcm = Synth.tone(440, 1.0, 16_000, 0.3);
        assertThatThrownBy(() -> e.embed(pcm, 0, pcm.length, 16_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SHA-256 " + SpeechEmbedder.MEL_SHA256)
                .hasMessageContaining("refusing");
    }

    @Test
    void aBadDescriptorIsRejectedNamingTheField() throws Exception {
        Path json = dir.resolve("bad.json");
        Files.writeString(json, """
                {"name": "bad name!", "version": "1", "model": "m.onnx", "sha256": "%s", "sampleRate": 16000,
                 "windowSeconds": 1.0, "hopSeconds": 0.5, "dimension": 32}
                """.formatted("a".repeat(64)));
        assertThatThrownBy(() -> new OnnxEmbedder(json, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("descriptor name");
        assertThatThrownBy(() -> FeatureConfig.defaults().withStages(List.of("stats", "yamnet")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature stage 'yamnet'");
    }
}
