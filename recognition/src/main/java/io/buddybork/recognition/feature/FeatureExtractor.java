package io.buddybork.recognition.feature;

import io.buddybork.recognition.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns mono 16-bit PCM of any length and sample rate into the fixed-length segment vector of a
 * {@link FeatureConfig}: every configured stage ({@link Embedder}) runs on the same audio and their
 * vectors are concatenated in stage order ({@link FeatureLayout}). By default that is the hand-made
 * statistics ({@link HandcraftedStatistics}) followed by the openWakeWord speech embedding.
 *
 * <p>Thread-safe; share one instance. Embedding models are loaded lazily on the first extraction,
 * once per process, and their ONNX Runtime sessions are shared by every extractor; callers manage
 * no resources.
 */
public final class FeatureExtractor {

    private final FeatureConfig config;
    private final FeatureLayout layout;
    private final HandcraftedStatistics statistics;
    private final List<Embedder> stages;

    /** Creates an extractor; fails if the config is of another layout version than this code. */
    public FeatureExtractor(FeatureConfig config) {
        if (config.version() != FeatureConfig.CURRENT_VERSION) {
            throw new IllegalArgumentException("feature config version " + config.version()
                    + " cannot be produced by this code (version " + FeatureConfig.CURRENT_VERSION + ")");
        }
        this.config = config;
        this.layout = FeatureLayout.of(config);
        this.statistics = new HandcraftedStatistics(config);
        List<Embedder> list = new ArrayList<>();
        for (String stage : config.stages()) {
            list.add(
                    stage.equals(HandcraftedStatistics.STAGE)
                            ? statistics
                            : stage.equals(TextureStatistics.STAGE)
                                    ? new TextureStatistics(statistics)
                                    : FeatureStages.create(stage, config));
        }
        this.stages = List.copyOf(list);
    }

    /** The configuration. */
    public FeatureConfig config() {
        return config;
    }

    /** The vector layout. */
    public FeatureLayout layout() {
        return layout;
    }

    /** The stages in vector order. */
    public List<Embedder> stages() {
        return stages;
    }

    /** The hand-made statistics stage (also when the configuration does not use it: diagnostics). */
    public HandcraftedStatistics statistics() {
        return statistics;
    }

    /** The mel filterbank of the hand-made statistics at a sample rate. */
    public MelFilterbank filterbank(int sampleRate) {
        return statistics.filterbank(sampleRate);
    }

    /** Segment vector of a whole signal. */
    public float[] extract(short[] pcm, int sampleRate) {
        return extract(pcm, 0, pcm.length, sampleRate);
    }

    /** Segment vector of {@code pcm[offset, offset + length)}: every stage's vector, concatenated. */
    public float[] extract(short[] pcm, int offset, int length, int sampleRate) {
        if (offset < 0 || length < 0 || offset + length > pcm.length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + pcm.length);
        }
        if (stages.size() == 1) {
            return stages.get(0).embed(pcm, offset, length, sampleRate);
        }
        float[] out = new float[layout.size()];
        int o = 0;
        for (Embedder stage : stages) {
            float[] part = stage.embed(pcm, offset, length, sampleRate);
            System.arraycopy(part, 0, out, o, part.length);
            o += part.length;
        }
        return out;
    }

    /**
     * Warms the JIT (and loads the embedding models) so throughput figures are the steady state a
     * long-running hub sees: the hand-made statistics until their time per segment stops falling
     * (see {@link HandcraftedStatistics#warmUp()}), then a few full extractions.
     */
    public void warmUp() {
        statistics.warmUp();
        if (stages.size() > 1 || stages.get(0) != statistics) {
            short[] noise = new short[3 * 44_100];
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (short) (random.nextGaussian() * 2000 + 3000 * Math.sin(i * 0.03));
            }
            for (int i = 0; i < 5; i++) {
                extract(noise, 44_100);
            }
        }
    }

    /** Frame-level features of the hand-made statistics (allocates; for diagnostics and tests). */
    public FrameFeatures frames(short[] pcm, int sampleRate) {
        return statistics.frames(pcm, sampleRate);
    }
}
