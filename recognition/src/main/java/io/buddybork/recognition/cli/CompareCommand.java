package io.buddybork.recognition.cli;

import io.buddybork.recognition.eval.Evaluation;
import io.buddybork.recognition.eval.Manifest;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelConfig.ClassifierKind;
import io.buddybork.recognition.model.ModelConfig.Projector;
import io.buddybork.recognition.model.ModelConfig.ScoreFunction;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compare}: evaluates a grid of pipeline configurations (projector x classifier x score
 * function x windowing) on several manifests and prints a Markdown table of closed-set accuracy
 * and AUROC per manifest and their means, to choose defaults by measurement.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Evaluate a grid of configurations on several manifests; print a Markdown table.")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "MANIFEST", description = "manifests (path,label,split)")
    List<Path> manifests;

    @Option(names = "--projectors", split = ",", defaultValue = "NONE,PCA,LDA")
    List<Projector> projectors;

    @Option(names = "--classifiers", split = ",", defaultValue = "LOGISTIC,SVM,KNN")
    List<ClassifierKind> classifiers;

    @Option(names = "--scores", split = ",", defaultValue = "POSTERIOR,DISTANCE,BACKGROUND_RELATIVE,POSTERIOR_DISTANCE")
    List<ScoreFunction> scores;

    @Option(
            names = "--windows",
            split = ",",
            defaultValue = "0,3",
            description = "window lengths in s (0 = whole clip)")
    List<Double> windows;

    @Option(names = "--hop", defaultValue = "1.0")
    double hop;

    @Option(names = "--lambda", defaultValue = "0.1")
    double lambda;

    @Option(names = "--svm-c", defaultValue = "1.0", description = "SVM soft-margin penalty")
    double svmC;

    @Option(names = "--k", defaultValue = "3", description = "neighbours for k-NN and distance scores")
    int k;

    @Option(names = "--inputs", defaultValue = "ALL", description = "ALL, MFCC_MEAN_STD, HANDCRAFTED or EMBEDDING")
    ModelConfig.Inputs inputs;

    @Option(names = "--active-range-db", description = "override the quiet-frame range (e.g. 500 = use every frame)")
    Double activeRangeDb;

    @Option(names = "--frame-seconds", description = "override the analysis frame length")
    Double frameSeconds;

    @Option(names = "--hop-fraction", description = "override the hop as a fraction of the frame")
    Double hopFraction;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "featurisation threads (0 = all cores)")
    int threads;

    @Override
    public Integer call() throws Exception {
        FeatureConfig d = FeatureConfig.defaults();
        FeatureConfig fc = new FeatureConfig(
                d.version(),
                frameSeconds == null ? d.frameSeconds() : frameSeconds,
                hopFraction == null ? d.hopFraction() : hopFraction,
                d.melBands(),
                d.mfccCount(),
                d.minHz(),
                d.maxHz(),
                activeRangeDb == null ? d.activeRangeDb() : activeRangeDb,
                d.minActiveFrames(),
                d.stages());
        FeatureExtractor extractor = new FeatureExtractor(fc);
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Map<Double, List<Evaluation.Prepared>> prepared = new LinkedHashMap<>();
        for (double w : windows) {
            List<Evaluation.Prepared> list = new ArrayList<>();
            for (Path m : manifests) {
                list.add(Evaluation.prepare(Manifest.read(m), extractor, null, w, hop, t, n -> {}));
            }
            prepared.put(w, list);
        }
        StringBuilder header = new StringBuilder("| window | projector | classifier | score |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (Path m : manifests) {
            String name = m.getFileName().toString().replace(".csv", "");
            header.append(" acc ").append(name).append(" | auroc ").append(name).append(" |");
            rule.append("---|---|");
        }
        header.append(" **mean acc** | **mean auroc** | macro-F1 |");
        rule.append("---|---|---|");
        System.out.println(header);
        System.out.println(rule);
        for (double w : windows) {
            for (Projector p : projectors) {
                for (ClassifierKind c : classifiers) {
                    for (ScoreFunction s : scores) {
                        ModelConfig mc = ModelConfig.builder()
                                .projector(p)
                                .classifier(c)
                                .lambda(lambda)
                                .svmC(svmC)
                                .knnK(k)
                                .score(s)
                                .windowSeconds(w)
                                .hopSeconds(hop)
                                .timePriorWeight(0.5)
                                .inputs(inputs)
                                .build();
                        StringBuilder row = new StringBuilder(String.format(
                                Locale.ROOT, "| %s | %s | %s | %s |", w == 0 ? "clip" : w + " s", p, c, s));
                        double acc = 0;
                        double auc = 0;
                        double f1 = 0;
                        try {
                            for (Evaluation.Prepared pr : prepared.get(w)) {
                                Evaluation.Result r = Evaluation.run(pr, fc, mc, seed, ZoneOffset.UTC);
                                acc += r.metrics().closedSetAccuracy();
                                auc += r.metrics().auroc();
                                f1 += r.metrics().openSetMacroF1();
                                row.append(String.format(
                                        Locale.ROOT,
                                        " %.3f | %.3f |",
                                        r.metrics().closedSetAccuracy(),
                                        r.metrics().auroc()));
                            }
                            int n = manifests.size();
                            row.append(String.format(
                                    Locale.ROOT, " **%.3f** | **%.3f** | %.3f |", acc / n, auc / n, f1 / n));
                        } catch (RuntimeException e) {
                            row.append(" failed: ").append(e.getMessage()).append(" |");
                        }
                        System.out.println(row);
                    }
                }
            }
        }
        return 0;
    }
}
