package io.buddybork.recognition.cli;

import io.buddybork.recognition.model.ModelConfig;
import picocli.CommandLine.Option;

/** Pipeline options shared by the training commands; defaults are {@link ModelConfig#defaults()}. */
public final class ModelOptions {

    private static final ModelConfig D = ModelConfig.defaults();

    @Option(
            names = "--baseline",
            description = "use the classic baseline (MFCC mean/std -> LDA -> logistic regression, posterior score);"
                    + " only --window, --hop and --target-precision still apply")
    boolean baseline;

    @Option(names = "--projector", description = "NONE, PCA or LDA (default: ${DEFAULT-VALUE})")
    ModelConfig.Projector projector = D.projector();

    @Option(names = "--pca-variance", description = "variance PCA keeps (default: ${DEFAULT-VALUE})")
    double pcaVariance = D.pcaVariance();

    @Option(names = "--classifier", description = "LOGISTIC, SVM, KNN or LDA (default: ${DEFAULT-VALUE})")
    ModelConfig.ClassifierKind classifier = D.classifier();

    @Option(
            names = "--score",
            description = "POSTERIOR, DISTANCE, BACKGROUND_RELATIVE, POSTERIOR_DISTANCE, COSINE, POSTERIOR_COSINE,"
                    + " POSTERIOR_BACKGROUND or COSINE_BACKGROUND (default: ${DEFAULT-VALUE})")
    ModelConfig.ScoreFunction score = D.score();

    @Option(names = "--lambda", description = "logistic regression L2 penalty (default: ${DEFAULT-VALUE})")
    double lambda = D.lambda();

    @Option(names = "--svm-c", description = "SVM soft-margin penalty (default: ${DEFAULT-VALUE})")
    double svmC = D.svmC();

    @Option(names = "--k", description = "neighbours for k-NN and distance scores (default: ${DEFAULT-VALUE})")
    int k = D.knnK();

    @Option(
            names = "--target-precision",
            description = "precision each tag threshold aims for (default: ${DEFAULT-VALUE})")
    double targetPrecision = D.targetPrecision();

    @Option(
            names = "--window",
            description = "score clips as windows of this many seconds, 0 = whole clip (default: ${DEFAULT-VALUE})")
    double window = D.windowSeconds();

    @Option(names = "--hop", description = "hop between windows in seconds (default: ${DEFAULT-VALUE})")
    double hop = D.hopSeconds();

    @Option(
            names = "--time-prior-weight",
            description = "weight of the time-of-day prior, 0 = off (default: ${DEFAULT-VALUE})")
    double timePriorWeight = D.timePriorWeight();

    @Option(
            names = "--inputs",
            description = "ALL, MFCC_MEAN_STD, HANDCRAFTED or EMBEDDING (default: ${DEFAULT-VALUE})")
    ModelConfig.Inputs inputs = D.inputs();

    @Option(
            names = "--normalisation",
            description = "TRAINING, BACKGROUND, BACKGROUND_CENTRE or BACKGROUND_WHITEN (default: ${DEFAULT-VALUE})")
    ModelConfig.Normalisation normalisation = D.normalisation();

    @Option(
            names = "--pool-top-k",
            description = "pool window scores by the mean of the k best windows, 0 = mean of all (default:"
                    + " ${DEFAULT-VALUE})")
    int poolTopK = D.poolTopK();

    @Option(
            names = "--mixes",
            description = "background mixes per labelled example, 0 = none (default: ${DEFAULT-VALUE})")
    int mixes = D.mixes();

    @Option(names = "--mix-snr-min", description = "lowest mix SNR in dB (default: ${DEFAULT-VALUE})")
    double mixSnrMin = D.mixSnrMinDb();

    @Option(names = "--mix-snr-max", description = "highest mix SNR in dB (default: ${DEFAULT-VALUE})")
    double mixSnrMax = D.mixSnrMaxDb();

    @Option(names = "--mix-gain", description = "mix gain range, +- dB (default: ${DEFAULT-VALUE})")
    double mixGain = D.mixGainDb();

    @Option(
            names = "--typicality",
            description = "weight in [0, 1] of the tags' typical scores in prototype scores, 0 = off (default:"
                    + " ${DEFAULT-VALUE})")
    double typicality = D.typicality();

    @Option(
            names = "--folds",
            description = "grouping of the calibration folds: CLIP or SESSION (source recording; default:"
                    + " ${DEFAULT-VALUE})")
    ModelConfig.Grouping folds = D.folds();

    @Option(
            names = "--spread-keep",
            description = "spread test: a detection also needs the similarity to the tag's nearest example that"
                    + " this share of its own examples reach, 0 = off (default: ${DEFAULT-VALUE})")
    double spreadKeep = D.spreadKeep();

    @Option(
            names = "--typical-by",
            description =
                    "what a tag's typical score leaves out at a time: CLIP or SESSION (default:" + " ${DEFAULT-VALUE})")
    ModelConfig.Grouping typicalBy = D.typicalBy();

    @Option(names = "--seed", description = "training seed (default: ${DEFAULT-VALUE})")
    long seed = 42;

    /** The configuration these options describe. */
    ModelConfig toConfig() {
        if (baseline) {
            // The pipeline is fixed; how clips are windowed and the precision target still apply.
            return ModelConfig.classicBaseline().withWindow(window, hop).withTargetPrecision(targetPrecision);
        }
        return new ModelConfig(
                projector,
                pcaVariance,
                classifier,
                lambda,
                svmC,
                k,
                score,
                targetPrecision,
                window,
                hop,
                timePriorWeight,
                inputs,
                normalisation,
                poolTopK,
                mixes,
                mixSnrMin,
                mixSnrMax,
                mixGain,
                typicality,
                folds,
                spreadKeep,
                typicalBy);
    }
}
