package io.buddybork.recognition.cli;

import io.buddybork.recognition.eval.Evaluation;
import io.buddybork.recognition.eval.Manifest;
import io.buddybork.recognition.eval.ManifestException;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code test}: scores a manifest's test rows (or all rows with {@code --all}) with a saved model,
 * prints one line per clip, and with {@code --out} writes metrics.json, plots and predictions.csv.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Score the manifest's test rows with a saved model; print predictions, optionally write metrics.")
public final class TestCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "CSV with columns path,label,split[,time]")
    Path manifest;

    @Option(names = "--model", required = true, description = "model file written by train or eval")
    Path modelFile;

    @Option(names = "--out", description = "folder for metrics.json, confusion.png, pr_curves.png, predictions.csv")
    Path out;

    @Option(names = "--all", description = "score every row, not only split=test")
    boolean all;

    @Mixin
    FeatureOptions features;

    @Override
    public Integer call() throws Exception {
        OpenSetModel model = ModelStore.load(modelFile);
        Manifest m = Manifest.read(manifest, false);
        List<Manifest.Row> rows = all ? m.rows() : m.rows(Manifest.Split.TEST);
        if (rows.isEmpty()) {
            throw new ManifestException(manifest + ": no test rows to score");
        }
        FeatureExtractor extractor = new FeatureExtractor(model.featureConfig());
        Evaluation.Prepared prepared;
        try (ProgressBar bar = features.progress("featurize", rows.size())) {
            prepared = Evaluation.prepare(
                    m,
                    List.of(),
                    rows,
                    extractor,
                    features.cache(model.featureConfig()),
                    model.config().windowSeconds(),
                    model.config().hopSeconds(),
                    features.threads,
                    bar::update);
        }
        Evaluation.Result result = Evaluation.test(prepared, model);
        for (int i = 0; i < result.predictions().size(); i++) {
            Prediction p = result.predictions().get(i);
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %-20s %.3f  %s (label %s)%n",
                    p.known() ? "DETECT" : "unknown",
                    p.bestTag(),
                    p.score(),
                    result.testClips().get(i).row().path().getFileName(),
                    result.testClips().get(i).row().label());
        }
        System.out.printf(
                Locale.ROOT,
                "closed_set_accuracy %.3f  auroc_known_vs_unknown %.3f  open_set_macro_f1 %.3f%n",
                result.metrics().closedSetAccuracy(),
                result.metrics().auroc(),
                result.metrics().openSetMacroF1());
        if (out != null) {
            Files.createDirectories(out);
            EvalReport metrics = Reports.metricsJson(result, prepared.realtimeFactor());
            Reports.writeAll(out, result, metrics, m, features.zone);
            System.out.println(
                    "wrote " + out.toAbsolutePath() + "/{metrics.json,confusion.png,pr_curves.png,predictions.csv}");
        }
        return 0;
    }
}
