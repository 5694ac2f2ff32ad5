package io.buddybork.recognition.cli;

import io.buddybork.recognition.augment.MixAugmenter;
import io.buddybork.recognition.eval.Evaluation;
import io.buddybork.recognition.eval.Manifest;
import io.buddybork.recognition.eval.ManifestException;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code eval}: featurise a manifest, train on its train rows, test on its test rows, and write
 * metrics.json, confusion.png, pr_curves.png (time_model.png with timestamps), predictions.csv
 * and the model (model.model + model.json) into the output folder.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Train on the manifest's train rows, test on its test rows, write metrics and plots.")
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "CSV with columns path,label,split[,time]")
    Path manifest;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Mixin
    ModelOptions model;

    @Mixin
    FeatureOptions features;

    @Override
    public Integer call() throws Exception {
        Manifest m = Manifest.read(manifest);
        if (m.rows(Manifest.Split.TEST).isEmpty()) {
            // Metrics over nothing would be written as nulls and zeros, which looks like a result.
            throw new ManifestException(
                    manifest + ": no test rows (split=test) to evaluate on; use train to train only");
        }
        ModelConfig config = model.toConfig();
        FeatureConfig fc = features.featureConfig();
        FeatureExtractor extractor = new FeatureExtractor(fc);
        Files.createDirectories(out);
        Evaluation.Prepared prepared;
        try (ProgressBar bar = features.progress("featurize", m.rows().size())) {
            prepared = Evaluation.prepare(
                    m,
                    extractor,
                    features.cache(fc),
                    config.windowSeconds(),
                    config.hopSeconds(),
                    features.threads,
                    bar::update);
        }
        double rtf =
                prepared.realtimeFactor() > 0 ? prepared.realtimeFactor() : Reports.measureRealtimeFactor(extractor, m);
        System.err.println("training " + config.describe());
        Evaluation.Result result = Evaluation.run(
                prepared,
                fc,
                config,
                model.seed,
                features.zone,
                new MixAugmenter(extractor, features.cache(fc), features.threads));
        EvalReport metrics = Reports.metricsJson(result, rtf);
        Reports.writeAll(out, result, metrics, m, features.zone);
        ModelStore.save(result.model(), out.resolve("model.model"), metrics);
        System.out.printf(
                Locale.ROOT, "closed_set_accuracy     %.3f%n", result.metrics().closedSetAccuracy());
        System.out.printf(
                Locale.ROOT, "auroc_known_vs_unknown  %.3f%n", result.metrics().auroc());
        System.out.printf(
                Locale.ROOT, "open_set_macro_f1       %.3f%n", result.metrics().openSetMacroF1());
        System.out.printf(Locale.ROOT, "featurize_realtime_factor %.0fx%n", rtf);
        System.out.println("wrote " + out.toAbsolutePath()
                + "/{metrics.json,confusion.png,pr_curves.png,predictions.csv,model.model,model.json}");
        return 0;
    }
}
