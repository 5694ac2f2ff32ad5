package io.buddybork.recognition.feature;

import io.buddybork.recognition.embedding.Embedder;
import io.buddybork.recognition.embedding.OnnxDescriptor;
import io.buddybork.recognition.embedding.OnnxEmbedder;
import io.buddybork.recognition.embedding.Pooling;
import io.buddybork.recognition.embedding.SpeechEmbedder;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves the stage names of {@link FeatureConfig#stages()}: {@code stats} (hand-made
 * statistics), {@code oww-speech} (openWakeWord speech embedding, bundled) and
 * {@code onnx:<descriptor.json>} (an owner-supplied ONNX model). Identity and entry names come
 * without loading any model. Stateless and thread-safe.
 */
public final class FeatureStages {

    private FeatureStages() {}

    /** Rejects unknown stage names with a message naming the valid ones. */
    static void validate(String stage) {
        if (stage == null
                || !(stage.equals(HandcraftedStatistics.STAGE)
                        || stage.equals(TextureStatistics.STAGE)
                        || stage.equals(SpeechEmbedder.STAGE)
                        || stage.equals(SpeechEmbedder.WINDOWS_STAGE)
                        || stage.startsWith(OnnxEmbedder.STAGE_PREFIX)
                                && stage.length() > OnnxEmbedder.STAGE_PREFIX.length())) {
            throw new IllegalArgumentException("unknown feature stage '" + stage + "': use "
                    + HandcraftedStatistics.STAGE + ", " + TextureStatistics.STAGE + ", " + SpeechEmbedder.STAGE + ", "
                    + SpeechEmbedder.WINDOWS_STAGE
                    + " or " + OnnxEmbedder.STAGE_PREFIX + "<descriptor.json>");
        }
    }

    /** The identity and version of a stage, for fingerprints. */
    public static String identity(String stage, FeatureConfig config) {
        if (stage.equals(HandcraftedStatistics.STAGE)) {
            return HandcraftedStatistics.STAGE;
        }
        if (stage.equals(TextureStatistics.STAGE)) {
            return TextureStatistics.stageIdentity();
        }
        if (stage.equals(SpeechEmbedder.STAGE)) {
            return SpeechEmbedder.stageIdentity();
        }
        if (stage.equals(SpeechEmbedder.WINDOWS_STAGE)) {
            return SpeechEmbedder.bagIdentity();
        }
        return descriptor(stage).identity();
    }

    /** Entry names of an embedding stage. */
    static List<String> names(String stage, FeatureConfig config) {
        if (stage.equals(TextureStatistics.STAGE)) {
            return TextureStatistics.names(config);
        }
        if (stage.equals(SpeechEmbedder.STAGE)) {
            return Pooling.MEAN_STD.names("speech:", SpeechEmbedder.DIMENSION);
        }
        if (stage.equals(SpeechEmbedder.WINDOWS_STAGE)) {
            return SpeechEmbedder.bagNames();
        }
        OnnxDescriptor d = descriptor(stage);
        return d.pooling().names("onnx." + d.name() + ":", d.dimension());
    }

    /** Creates the embedder of a stage (models load lazily on first use). */
    public static Embedder create(String stage, FeatureConfig config) {
        if (stage.equals(HandcraftedStatistics.STAGE)) {
            return new HandcraftedStatistics(config);
        }
        if (stage.equals(TextureStatistics.STAGE)) {
            return new TextureStatistics(new HandcraftedStatistics(config));
        }
        if (stage.equals(SpeechEmbedder.STAGE)) {
            return new SpeechEmbedder(config.activeRangeDb());
        }
        if (stage.equals(SpeechEmbedder.WINDOWS_STAGE)) {
            return new SpeechEmbedder(config.activeRangeDb(), true);
        }
        return new OnnxEmbedder(descriptorPath(stage), config.activeRangeDb());
    }

    private static OnnxDescriptor descriptor(String stage) {
        return OnnxDescriptor.read(descriptorPath(stage));
    }

    private static Path descriptorPath(String stage) {
        return Path.of(stage.substring(OnnxEmbedder.STAGE_PREFIX.length()));
    }
}
