package io.buddybork.recognition.embedding;

import java.util.List;

/**
 * One stage of the feature pipeline: turns mono 16-bit PCM of any length and sample rate into a
 * fixed-length vector. Stages are concatenated by {@link io.buddybork.recognition.feature.FeatureExtractor}.
 * Implementations are thread-safe: one instance serves every thread of the hub.
 */
public interface Embedder {

    /**
     * Identity and version of the stage (code version plus model checksum where there is a model),
     * part of the feature fingerprint, the cache key and the model metadata; file-name safe.
     */
    String identity();

    /** Names of the vector entries, in order; their count is the vector length. */
    List<String> names();

    /** Vector length. */
    default int dimension() {
        return names().size();
    }

    /** The vector of {@code pcm[offset, offset + length)} sampled at {@code sampleRate}. */
    float[] embed(short[] pcm, int offset, int length, int sampleRate);
}
