package io.buddybork.recognition.cli;

import io.buddybork.recognition.cache.FeatureCache;
import io.buddybork.recognition.feature.FeatureConfig;
import java.nio.file.Path;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** Featurisation options shared by the commands that read audio. */
public final class FeatureOptions {

    @Option(names = "--cache", description = "feature cache directory (default: none)")
    Path cache;

    @Option(names = "--threads", description = "featurisation threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    @Option(names = "--zone", description = "time zone of the home for time-of-day models (default: ${DEFAULT-VALUE})")
    ZoneId zone = ZoneId.systemDefault();

    @Option(
            names = "--stages",
            split = ",",
            description = "feature stages, e.g. stats,oww-speech (default) or stats,onnx:my-model.json")
    java.util.List<String> stages;

    /** The default feature configuration with the chosen stages. */
    FeatureConfig featureConfig() {
        return stages == null
                ? FeatureConfig.defaults()
                : FeatureConfig.defaults().withStages(stages);
    }

    FeatureCache cache(FeatureConfig config) {
        return cache == null ? null : new FeatureCache(cache, config);
    }

    ProgressBar progress(String label, int total) {
        return new ProgressBar(System.err, label, total, !noProgress);
    }
}
