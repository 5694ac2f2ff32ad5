package io.buddybork.hub.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed configuration of the model builder under {@code buddybork.models.}; every value has a
 * default that suits a small home server.
 */
@ConfigMapping(prefix = "buddybork.models")
public interface ModelBuilderConfig {

    /**
     * Most background segments used for training (and, separately, for testing); more are sampled
     * evenly over the chosen days so training time stays bounded on a year of data.
     */
    @WithDefault("3000")
    int maxBackgroundSegments();

    /** Threads that featurise audio during training; 0 = one per core. Run at the lowest priority. */
    @WithDefault("0")
    int threads();

    /** Seed of model training (training is deterministic for a data set, options and seed). */
    @WithDefault("42")
    long seed();

    /** Largest model file accepted by import, in bytes. */
    @WithDefault("268435456")
    long maxImportBytes();
}
