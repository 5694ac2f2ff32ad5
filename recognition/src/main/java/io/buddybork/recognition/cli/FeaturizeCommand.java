package io.buddybork.recognition.cli;

import io.buddybork.model.storage.DurableFiles;
import io.buddybork.recognition.eval.ClipFeaturizer;
import io.buddybork.recognition.eval.ClipFeaturizer.ClipVectors;
import io.buddybork.recognition.eval.Manifest;
import io.buddybork.recognition.eval.ManifestException;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code featurize}: computes the feature vectors of a manifest's clips (or of WAV files), warms the
 * feature cache, writes them as CSV and reports the featurisation speed.
 */
@Command(
        name = "featurize",
        mixinStandardHelpOptions = true,
        description = "Compute feature vectors of a manifest's clips or of WAV files; write CSV; report speed.")
public final class FeaturizeCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--manifest", description = "CSV with columns path,label,split")
        Path manifest;

        @Option(names = "--wav", arity = "1..*", description = "WAV files (mono 16-bit PCM)")
        List<Path> wavs;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--out", description = "CSV file to write (default: no CSV, only the speed report)")
    Path out;

    @Option(names = "--window", description = "window length in seconds, 0 = whole file (default: ${DEFAULT-VALUE})")
    double window = 0;

    @Option(names = "--hop", description = "hop between windows in seconds (default: ${DEFAULT-VALUE})")
    double hop = 1.0;

    @Mixin
    FeatureOptions features;

    @Override
    public Integer call() throws Exception {
        FeatureConfig fc = features.featureConfig();
        FeatureExtractor extractor = new FeatureExtractor(fc);
        List<Manifest.Row> rows = new ArrayList<>();
        if (input.manifest != null) {
            rows.addAll(Manifest.read(input.manifest).rows());
        } else {
            int line = 1;
            for (Path p : input.wavs) {
                if (!Files.isRegularFile(p)) {
                    throw new ManifestException("argument " + line + ": audio file not found: " + p);
                }
                rows.add(new Manifest.Row(line++, p, "", Manifest.Split.TEST, null));
            }
        }
        extractor.warmUp();
        ClipFeaturizer f = new ClipFeaturizer(extractor, features.cache(fc), window, hop, features.threads);
        List<ClipVectors> clips;
        try (ProgressBar bar = features.progress("featurize", rows.size())) {
            clips = f.featurize(rows, bar::update);
        }
        if (out != null) {
            StringBuilder sb = new StringBuilder("path,label,split,window_index");
            for (String name : extractor.layout().names()) {
                sb.append(',').append(name);
            }
            sb.append('\n');
            for (ClipVectors c : clips) {
                for (int w = 0; w < c.windows().size(); w++) {
                    sb.append(Reports.csv(c.row().path().toString()))
                            .append(',')
                            .append(Reports.csv(c.row().label()))
                            .append(',')
                            .append(c.row().split().name().toLowerCase(Locale.ROOT))
                            .append(',')
                            .append(w);
                    for (float v : c.windows().get(w)) {
                        sb.append(',').append(v);
                    }
                    sb.append('\n');
                }
            }
            DurableFiles.write(out, sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        int vectors = clips.stream().mapToInt(c -> c.windows().size()).sum();
        System.out.printf(
                Locale.ROOT,
                "%d clips, %d vectors of %d features (%s)%n",
                clips.size(),
                vectors,
                fc.vectorLength(),
                fc.fingerprint());
        if (f.cpuSeconds() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "featurize_realtime_factor %.0fx (%.1f s of audio in %.3f CPU s)%n",
                    f.realtimeFactor(),
                    f.featurisedSeconds(),
                    f.cpuSeconds());
        } else {
            System.out.println("all vectors came from the cache");
        }
        if (out != null) {
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
