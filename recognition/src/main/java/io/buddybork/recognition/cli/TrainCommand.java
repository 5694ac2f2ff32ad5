package io.buddybork.recognition.cli;

import io.buddybork.recognition.augment.MixAugmenter;
import io.buddybork.recognition.eval.Evaluation;
import io.buddybork.recognition.eval.Manifest;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.TagThreshold;
import io.buddybork.recognition.model.TrainingSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: trains a model on a manifest's train rows and saves NAME.model + NAME.json. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train an open-set model on the manifest's train rows; save MODEL and its JSON metadata.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "CSV with columns path,label,split[,time]")
    Path manifest;

    @Option(names = "--model", required = true, description = "model file to write, e.g. models/dog.model")
    Path modelFile;

    @Mixin
    ModelOptions model;

    @Mixin
    FeatureOptions features;

    @Override
    public Integer call() throws Exception {
        Manifest m = Manifest.read(manifest);
        ModelConfig config = model.toConfig();
        FeatureConfig fc = features.featureConfig();
        FeatureExtractor extractor = new FeatureExtractor(fc);
        List<Manifest.Row> train = m.rows(Manifest.Split.TRAIN);
        Evaluation.Prepared prepared;
        try (ProgressBar bar = features.progress("featurize", train.size())) {
            prepared = Evaluation.prepare(
                    m,
                    train,
                    List.of(),
                    extractor,
                    features.cache(fc),
                    config.windowSeconds(),
                    config.hopSeconds(),
                    features.threads,
                    bar::update);
        }
        System.err.println("training " + config.describe());
        TrainingSet set = Evaluation.trainingSet(
                prepared,
                m.trainingTags(),
                config,
                new MixAugmenter(extractor, features.cache(fc), features.threads),
                model.seed);
        OpenSetModel trained = OpenSetModel.train(set, fc, config, model.seed, features.zone);
        ModelStore.save(trained, modelFile, Map.of());
        System.out.printf(
                Locale.ROOT,
                "trained %d tags on %d clips (%d background) in %d ms%n",
                trained.tags().size(),
                prepared.train().size(),
                trained.summary().backgroundGroups(),
                trained.summary().trainingMillis());
        for (TagThreshold t : trained.thresholds()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-20s threshold %.3f  calibration precision %.2f recall %.2f%s%n",
                    t.tag(),
                    t.threshold(),
                    t.precision(),
                    t.recall(),
                    t.targetReached() ? "" : "  (target precision not reached)");
        }
        System.out.println("wrote " + modelFile + " and " + ModelStore.metadataPath(modelFile));
        return 0;
    }
}
