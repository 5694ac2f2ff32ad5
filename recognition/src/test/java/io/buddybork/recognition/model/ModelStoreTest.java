package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.testaudio.SyntheticSets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @TempDir
    Path dir;

    private static OpenSetModel model;
    private static TrainingSet set;

    @BeforeAll
    static void train() {
        set = SyntheticSets.trainingSet(6, 8, 2);
        model = OpenSetModel.train(set, FeatureConfig.defaults(), ModelConfig.defaults(), 9, ZoneOffset.UTC);
    }

    @Test
    void aReloadedModelPredictsBitForBitTheSame() throws Exception {
        Path file = dir.resolve("dog.model");
        ModelStore.save(model, file);
        OpenSetModel loaded = ModelStore.load(file);
        java.time.Instant noon = java.time.Instant.parse("2026-01-01T12:00:00Z");
        for (float[] x : set.features()) {
            for (java.time.Instant at : new java.time.Instant[] {null, noon}) {
                Prediction a = model.predictWindows(java.util.List.of(x), at);
                Prediction b = loaded.predictWindows(java.util.List.of(x), at);
                assertThat(b.known()).isEqualTo(a.known());
                assertThat(b.bestTag()).isEqualTo(a.bestTag());
                for (String tag : model.tags()) {
                    assertThat(Double.doubleToRawLongBits(b.tagScores().get(tag)))
                            .isEqualTo(Double.doubleToRawLongBits(a.tagScores().get(tag)));
                }
            }
        }
        assertThat(loaded.thresholds()).isEqualTo(model.thresholds());
        assertThat(loaded.featureConfig()).isEqualTo(model.featureConfig());
    }

    @Test
    void metadataDescribesTheModel() throws Exception {
        Path file = dir.resolve("m.model");
        ModelStore.save(model, file, Map.of("closed_set_accuracy", 0.9));
        assertThat(ModelStore.metadataPath(file)).hasFileName("m.json").exists();
        ModelMetadata meta = ModelStore.readMetadata(file);
        assertThat(meta.tags()).isEqualTo(SyntheticSets.TAGS);
        assertThat(meta.featureConfig()).isEqualTo(FeatureConfig.defaults());
        assertThat(meta.featureFingerprint()).isEqualTo(FeatureConfig.defaults().fingerprint());
        assertThat(meta.modelConfig()).isEqualTo(ModelConfig.defaults());
        assertThat(meta.thresholds()).isEqualTo(model.thresholds());
        assertThat(meta.calibrationCurves()).containsOnlyKeys(SyntheticSets.TAGS);
        assertThat(meta.trainingSummary().examplesPerTag()).containsEntry("low_hum", 6);
        assertThat(meta.trainingSummary().backgroundExamples()).isEqualTo(8);
        assertThat(meta.metrics().get("closed_set_accuracy").asDouble()).isEqualTo(0.9);
        assertThat(meta.libraries()).containsKeys("smile", "tarsosdsp", "java", "recognition");
        assertThat(meta.libraries().get("smile")).isEqualTo("6.3.0");
        assertThat(meta.createdAt()).isEqualTo(model.created().toString());
        assertThat(meta.timeModelTags()).containsExactlyInAnyOrderElementsOf(SyntheticSets.TAGS);
    }

    @Test
    void aModelOfAnotherFeatureVersionIsRefusedWithAClearMessage() throws Exception {
        Path file = dir.resolve("old.model");
        ModelStore.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(12, FeatureConfig.CURRENT_VERSION + 7); // header: magic(8) format(4) feature(4)
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelStore.load(file))
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessageContaining("feature version " + (FeatureConfig.CURRENT_VERSION + 7))
                .hasMessageContaining("Retrain");
    }

    @Test
    void aModelMadeWithVersionOneFeaturesIsRefusedBeforeItsBodyIsRead() throws Exception {
        // The first 16 bytes as every format writes them, then a body that is not even a manifest.
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(raw)) {
            out.write("BBRKMODL".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.writeInt(ModelStore.FORMAT_VERSION);
            out.writeInt(1);
            out.write(new byte[] {1, 2, 3});
        }
        Path file = dir.resolve("v1.model");
        Files.write(file, raw.toByteArray());
        assertThatThrownBy(() -> ModelStore.load(file))
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessageContaining("feature version 1,")
                .hasMessageContaining("extracts feature version " + FeatureConfig.CURRENT_VERSION)
                .hasMessageContaining("Retrain");
    }

    @Test
    void aModelOfAFutureFormatIsRefusedAsIncompatible() throws Exception {
        Path file = dir.resolve("future.model");
        ModelStore.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(8, ModelStore.FORMAT_VERSION + 1);
        Files.write(file, bytes);
        IncompatibleModelException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                IncompatibleModelException.class, () -> ModelStore.load(file));
        assertThat(e.kind()).isEqualTo(IncompatibleModelException.Kind.INCOMPATIBLE);
        assertThat(e.getMessage()).contains("model format " + (ModelStore.FORMAT_VERSION + 1));
    }

    @Test
    void theMetadataRecordsTheEmbeddingStagesInTheFeatureFingerprint() throws Exception {
        Path file = dir.resolve("fp.model");
        ModelStore.save(model, file);
        ModelMetadata meta = ModelStore.readMetadata(file);
        assertThat(meta.featureConfig().stages()).isEqualTo(FeatureConfig.DEFAULT_STAGES);
        assertThat(meta.featureFingerprint())
                .isEqualTo(FeatureConfig.defaults().fingerprint())
                .contains("+stats+" + io.buddybork.recognition.embedding.SpeechEmbedder.stageIdentity());
    }

    @Test
    void corruptOrForeignFilesAreRefused() throws Exception {
        Path file = dir.resolve("c.model");
        ModelStore.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelStore.load(file))
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessageContaining("checksum");
        Path other = Files.writeString(dir.resolve("x.model"), "hello, not a model");
        assertThatThrownBy(() -> ModelStore.load(other))
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessageContaining("not a Buddybork model");
        Path truncated = dir.resolve("t.model");
        ModelStore.save(model, truncated);
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(truncated), 200));
        assertThatThrownBy(() -> ModelStore.load(truncated))
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessageContaining("truncated");
    }
}
