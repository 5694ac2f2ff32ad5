package io.buddybork.recognition.cli;

import io.buddybork.model.storage.DurableFiles;
import io.buddybork.recognition.eval.Rotations;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rotate}: the protocol for choosing defaults. Draws many seeded open-set splits from a
 * labelled folder, evaluates one or more configurations on each, prints and writes the mean and
 * standard deviation of every metric (rotations.md, rotations.csv, rotations.json).
 */
@Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        description = "Evaluate configurations over many seeded open-set splits of a labelled folder.")
public final class RotateCommand implements Callable<Integer> {

    @Option(
            names = "--folder",
            required = true,
            description = "labelled folder: meta.csv (filename,category[,src_file]) or one sub-folder per class")
    Path folder;

    @Option(names = "--out", description = "output folder for rotations.{md,csv,json} (default: none)")
    Path out;

    @Option(names = "--rotations", description = "number of splits (default: ${DEFAULT-VALUE})")
    int rotations = 20;

    @Option(names = "--known", description = "known classes per split (default: ${DEFAULT-VALUE})")
    int known = 4;

    @Option(names = "--background", description = "background classes per split (default: ${DEFAULT-VALUE})")
    int background = 3;

    @Option(names = "--unknown", description = "unknown classes per split (default: ${DEFAULT-VALUE})")
    int unknown = 3;

    @Option(names = "--per-tag", description = "training clips per known tag, N or MIN-MAX (default: ${DEFAULT-VALUE})")
    String perTag = "4-5";

    @Option(names = "--rotation-seed", description = "seed of the first split (default: ${DEFAULT-VALUE})")
    long rotationSeed = 1;

    @Option(
            names = "--config",
            paramLabel = "NAME=SPEC",
            description = "a configuration to compare, e.g. no-lda=projector=NONE,classifier=LOGISTIC,lambda=10"
                    + " (presets: default, previous, baseline); repeatable. Without it, the pipeline options.")
    List<String> configs = new ArrayList<>();

    @Option(
            names = "--feedback",
            paramLabel = "KIND",
            arity = "0..1",
            fallbackValue = "BOTH",
            description = "simulate the hub's feedback loop: detections on half of each split's test clips are"
                    + " confirmed (training examples) or rejected (background), the model is retrained, and both"
                    + " models are evaluated on the other half. KIND: BOTH (default), CONFIRMED or REJECTED")
    Rotations.Feedback feedback = Rotations.Feedback.NONE;

    @Mixin
    ModelOptions model;

    @Mixin
    FeatureOptions features;

    @Override
    public Integer call() throws Exception {
        String[] range = perTag.split("-");
        int min;
        int max;
        try {
            min = Integer.parseInt(range[0].trim());
            max = range.length > 1 ? Integer.parseInt(range[1].trim()) : min;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--per-tag must be N or MIN-MAX, got " + perTag);
        }
        Rotations.Plan plan = new Rotations.Plan(rotations, known, background, unknown, min, max, rotationSeed);
        Map<String, ModelConfig> named = new LinkedHashMap<>();
        if (configs.isEmpty()) {
            named.put("options", model.toConfig());
        }
        for (String c : configs) {
            int eq = c.indexOf('=');
            String name = eq < 0 ? c : c.substring(0, eq);
            String spec = eq < 0 ? c : c.substring(eq + 1);
            named.put(name, ModelConfig.parse(spec));
        }
        FeatureConfig fc = features.featureConfig();
        FeatureExtractor extractor = new FeatureExtractor(fc);
        List<Rotations.Clip> clips = Rotations.readFolder(folder);
        List<Rotations.Outcome> outcomes;
        try (ProgressBar bar = features.progress("rotate", clips.size() + rotations * named.size())) {
            outcomes = Rotations.run(
                    clips,
                    plan,
                    named,
                    extractor,
                    features.cache(fc),
                    features.threads,
                    features.zone,
                    feedback,
                    bar::update);
        }
        String table = Rotations.table(plan, outcomes);
        System.out.print(table);
        if (out != null) {
            DurableFiles.createDirectories(out);
            StringBuilder md = new StringBuilder(table)
                    .append('\n')
                    .append("Feature fingerprint: `")
                    .append(fc.fingerprint())
                    .append("`\n\n");
            for (Rotations.Outcome o : outcomes) {
                md.append("- ")
                        .append(o.name())
                        .append(": ")
                        .append(o.config().describe())
                        .append('\n');
            }
            DurableFiles.write(out.resolve("rotations.md"), md.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder csv = new StringBuilder(
                    "configuration,rotation,closed_set_accuracy,auroc_known_vs_unknown,open_set_macro_f1,"
                            + "known_precision,known_recall,unknown_called\n");
            List<Map<String, Object>> json = new ArrayList<>();
            for (Rotations.Outcome o : outcomes) {
                for (int r = 0; r < rotations; r++) {
                    csv.append(String.format(
                            Locale.ROOT,
                            "%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n",
                            o.name(),
                            r,
                            o.accuracy()[r],
                            o.auroc()[r],
                            o.macroF1()[r],
                            o.knownPrecision()[r],
                            o.knownRecall()[r],
                            o.unknownCalled()[r]));
                }
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("name", o.name());
                j.put("config", o.config());
                j.put(
                        "closed_set_accuracy",
                        Map.of(
                                "mean",
                                Rotations.Outcome.mean(o.accuracy()),
                                "std",
                                Rotations.Outcome.std(o.accuracy())));
                j.put(
                        "auroc_known_vs_unknown",
                        Map.of("mean", Rotations.Outcome.mean(o.auroc()), "std", Rotations.Outcome.std(o.auroc())));
                j.put(
                        "open_set_macro_f1",
                        Map.of("mean", Rotations.Outcome.mean(o.macroF1()), "std", Rotations.Outcome.std(o.macroF1())));
                j.put("known_precision", Rotations.Outcome.mean(o.knownPrecision()));
                j.put("known_recall", Rotations.Outcome.mean(o.knownRecall()));
                j.put("unknown_called", Rotations.Outcome.mean(o.unknownCalled()));
                json.add(j);
            }
            DurableFiles.write(out.resolve("rotations.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("plan", plan);
            root.put("feature_fingerprint", fc.fingerprint());
            root.put("configurations", json);
            DurableFiles.write(out.resolve("rotations.json"), ModelStore.json().writeValueAsBytes(root));
            System.out.println("wrote " + out.toAbsolutePath() + "/{rotations.md,rotations.csv,rotations.json}");
        }
        return 0;
    }
}
