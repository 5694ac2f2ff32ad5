package io.buddybork.recognition.model;

import io.buddybork.recognition.feature.FeatureLayout;
import java.util.Locale;

/**
 * Open-set pipeline hyper-parameters: standardiser -> projector -> classifier, the open-set score
 * function and the target precision of the per-tag thresholds. Immutable and thread-safe.
 *
 * @param projector dimensionality reduction after standardisation
 * @param pcaVariance fraction of variance PCA keeps (ignored by other projectors)
 * @param classifier classifier trained on the projected known-tag examples
 * @param lambda L2 regularisation of logistic regression
 * @param svmC soft-margin penalty of the SVM
 * @param knnK neighbours of the k-NN classifier and of the distance score functions
 * @param score how per-tag open-set scores are computed
 * @param targetPrecision precision each tag threshold aims for on background/training data
 * @param windowSeconds clips longer than this are scored as windows of this length (0 = whole clip)
 * @param hopSeconds hop between windows
 * @param timePriorWeight exponent of the time-of-day prior (0 = off)
 * @param inputs which entries of the feature vector the pipeline uses
 */
public record ModelConfig(
        Projector projector,
        double pcaVariance,
        ClassifierKind classifier,
        double lambda,
        double svmC,
        int knnK,
        ScoreFunction score,
        double targetPrecision,
        double windowSeconds,
        double hopSeconds,
        double timePriorWeight,
        Inputs inputs)
        implements java.io.Serializable {

    /** Subsets of the feature vector. */
    public enum Inputs {
        /** Every entry. */
        ALL,
        /** Only MFCC means and standard deviations (the classic baseline's input). */
        MFCC_MEAN_STD,
        /** Only the hand-made statistics (what version 1 vectors held). */
        HANDCRAFTED,
        /** Only the embedding stages' entries. */
        EMBEDDING;

        /** Whether a feature named {@code name} (see FeatureLayout) is used. */
        public boolean uses(String name) {
            return switch (this) {
                case ALL -> true;
                case MFCC_MEAN_STD -> name.startsWith("mfcc") && (name.endsWith("_mean") || name.endsWith("_std"));
                case HANDCRAFTED -> FeatureLayout.isStatistic(name);
                case EMBEDDING -> !FeatureLayout.isStatistic(name);
            };
        }
    }

    /** Projectors. */
    public enum Projector {
        /** Identity. */
        NONE,
        /** Principal components keeping {@code pcaVariance} of the variance. */
        PCA,
        /** Fisher's linear discriminant (LDA projection to K-1 dimensions). */
        LDA
    }

    /** Classifiers (all from Smile). */
    public enum ClassifierKind {
        /** Multinomial logistic regression. */
        LOGISTIC,
        /** One-versus-rest linear SVM with Platt-scaled outputs. */
        SVM,
        /** k-nearest neighbours (posterior = vote share). */
        KNN,
        /** Linear discriminant analysis (Gaussian classes, shared covariance). */
        LDA
    }

    /** Open-set score functions; the tag with the best score is the candidate. */
    public enum ScoreFunction {
        /** Classifier posterior of the tag (a one-tag model uses {@link #DISTANCE} instead). */
        POSTERIOR,
        /** {@code exp(-d / sigma)} of the mean distance to the tag's k nearest training examples. */
        DISTANCE,
        /** {@code d_bg / (d_tag + d_bg)}: nearer the tag's examples than the background's. */
        BACKGROUND_RELATIVE,
        /** Posterior times the distance score. */
        POSTERIOR_DISTANCE,
        /** {@code (1 + cos) / 2} of the cosine similarity to the tag's prototype (mean of its examples). */
        COSINE,
        /** Posterior times the cosine score. */
        POSTERIOR_COSINE,
        /** Posterior times {@link #BACKGROUND_RELATIVE}. */
        POSTERIOR_BACKGROUND,
        /**
         * {@code (1 + c_tag - c_bg) / 2}: cosine score to the tag's prototype minus the mean cosine score
         * of the k most similar background examples: like the tag, and more like it than like the background.
         */
        COSINE_BACKGROUND
    }

    public ModelConfig {
        if (projector == null || classifier == null || score == null || inputs == null) {
            throw new IllegalArgumentException("projector, classifier and score are required");
        }
        if (pcaVariance <= 0 || pcaVariance > 1) {
            throw new IllegalArgumentException("pcaVariance must be in (0, 1], got " + pcaVariance);
        }
        if (lambda < 0 || svmC <= 0 || knnK < 1) {
            throw new IllegalArgumentException("need lambda >= 0, svmC > 0, knnK >= 1");
        }
        if (targetPrecision <= 0 || targetPrecision > 1) {
            throw new IllegalArgumentException("targetPrecision must be in (0, 1], got " + targetPrecision);
        }
        if (windowSeconds < 0 || hopSeconds <= 0) {
            throw new IllegalArgumentException("need windowSeconds >= 0 and hopSeconds > 0");
        }
        if (timePriorWeight < 0) {
            throw new IllegalArgumentException("timePriorWeight must be >= 0");
        }
    }

    /** The default configuration, chosen by the mean over seeded open-set rotations (docs/recognition.md). */
    public static ModelConfig defaults() {
        return DEFAULT;
    }

    // No projection (LDA overfits at 4-5 examples per tag), cosine to tag prototypes relative to the
    // background, all stages; the strongly regularised logistic regression serves the posterior scores
    // when an owner switches to them (the default score does not need a classifier, so none is fitted).
    private static final ModelConfig DEFAULT = new ModelConfig(
            Projector.NONE,
            0.95,
            ClassifierKind.LOGISTIC,
            10.0,
            1.0,
            3,
            ScoreFunction.COSINE_BACKGROUND,
            0.9,
            0,
            1.0,
            // Off: a prior fitted to the hours an owner happened to label suppressed every sound at
            // other hours (a bark at 3 am is exactly what the owner wants to hear about). Opt-in.
            0,
            Inputs.ALL);

    /**
     * The default before version 2 features (hand-made statistics -> LDA -> linear SVM posterior),
     * chosen on three fixed trials; kept to compare against.
     */
    public static ModelConfig previousDefault() {
        return new ModelConfig(
                Projector.LDA,
                0.95,
                ClassifierKind.SVM,
                0.1,
                1.0,
                3,
                ScoreFunction.POSTERIOR,
                0.9,
                0,
                1.0,
                0.5,
                Inputs.HANDCRAFTED);
    }

    /**
     * A configuration from {@code key=value} pairs separated by commas, starting from a named preset
     * ({@code default}, {@code previous}, {@code baseline}) or the default, e.g.
     * {@code projector=NONE,classifier=LOGISTIC,lambda=10,score=POSTERIOR,inputs=HANDCRAFTED}.
     *
     * @throws IllegalArgumentException naming the bad key or value
     */
    public static ModelConfig parse(String spec) {
        ModelConfig c = defaults();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                c = switch (p.toLowerCase(Locale.ROOT)) {
                    case "default" -> defaults();
                    case "previous", "previous-default" -> previousDefault();
                    case "baseline" -> classicBaseline();
                    default ->
                        throw new IllegalArgumentException(
                                "unknown preset '" + p + "' (default, previous, baseline) in config " + spec);
                };
                continue;
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = p.substring(eq + 1).trim();
            String e = v.toUpperCase(Locale.ROOT);
            try {
                c = switch (key) {
                    case "projector" -> c.withProjector(Projector.valueOf(e));
                    case "classifier" -> c.withClassifier(ClassifierKind.valueOf(e));
                    case "score" -> c.withScore(ScoreFunction.valueOf(e));
                    case "inputs" -> c.withInputs(Inputs.valueOf(e));
                    case "lambda" ->
                        new ModelConfig(
                                c.projector,
                                c.pcaVariance,
                                c.classifier,
                                Double.parseDouble(v),
                                c.svmC,
                                c.knnK,
                                c.score,
                                c.targetPrecision,
                                c.windowSeconds,
                                c.hopSeconds,
                                c.timePriorWeight,
                                c.inputs);
                    case "svmc", "svm-c" ->
                        new ModelConfig(
                                c.projector,
                                c.pcaVariance,
                                c.classifier,
                                c.lambda,
                                Double.parseDouble(v),
                                c.knnK,
                                c.score,
                                c.targetPrecision,
                                c.windowSeconds,
                                c.hopSeconds,
                                c.timePriorWeight,
                                c.inputs);
                    case "k" ->
                        new ModelConfig(
                                c.projector,
                                c.pcaVariance,
                                c.classifier,
                                c.lambda,
                                c.svmC,
                                Integer.parseInt(v),
                                c.score,
                                c.targetPrecision,
                                c.windowSeconds,
                                c.hopSeconds,
                                c.timePriorWeight,
                                c.inputs);
                    case "pca-variance" ->
                        new ModelConfig(
                                c.projector,
                                Double.parseDouble(v),
                                c.classifier,
                                c.lambda,
                                c.svmC,
                                c.knnK,
                                c.score,
                                c.targetPrecision,
                                c.windowSeconds,
                                c.hopSeconds,
                                c.timePriorWeight,
                                c.inputs);
                    case "target-precision" -> c.withTargetPrecision(Double.parseDouble(v));
                    case "window" -> c.withWindow(Double.parseDouble(v), c.hopSeconds);
                    case "hop" -> c.withWindow(c.windowSeconds, Double.parseDouble(v));
                    default -> throw new IllegalArgumentException("unknown key '" + key + "' in config " + spec);
                };
            } catch (IllegalArgumentException ex) {
                if (ex.getMessage() != null && ex.getMessage().startsWith("unknown key")) {
                    throw ex;
                }
                throw new IllegalArgumentException("bad value '" + v + "' for " + key + " in config " + spec, ex);
            }
        }
        return c;
    }

    /** The classic baseline: MFCC statistics -> LDA -> logistic regression, posterior score. */
    public static ModelConfig classicBaseline() {
        return new ModelConfig(
                Projector.LDA,
                0.95,
                ClassifierKind.LOGISTIC,
                0.0,
                1.0,
                3,
                ScoreFunction.POSTERIOR,
                0.9,
                0,
                1.0,
                0,
                Inputs.MFCC_MEAN_STD);
    }

    /** Whether the score function uses the classifier's posterior (otherwise no classifier is fitted). */
    public boolean needsClassifier() {
        return switch (score) {
            case POSTERIOR, POSTERIOR_DISTANCE, POSTERIOR_COSINE, POSTERIOR_BACKGROUND -> true;
            case DISTANCE, BACKGROUND_RELATIVE, COSINE, COSINE_BACKGROUND -> false;
        };
    }

    /** Short human-readable description. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s features -> %s%s -> %s -> %s score, window %.1fs/%.1fs",
                inputs,
                projector,
                projector == Projector.PCA ? "(" + pcaVariance + ")" : "",
                classifier,
                score,
                windowSeconds,
                hopSeconds);
    }

    /** Copy with another projector. */
    public ModelConfig withProjector(Projector p) {
        return new ModelConfig(
                p,
                pcaVariance,
                classifier,
                lambda,
                svmC,
                knnK,
                score,
                targetPrecision,
                windowSeconds,
                hopSeconds,
                timePriorWeight,
                inputs);
    }

    /** Copy with another classifier. */
    public ModelConfig withClassifier(ClassifierKind c) {
        return new ModelConfig(
                projector,
                pcaVariance,
                c,
                lambda,
                svmC,
                knnK,
                score,
                targetPrecision,
                windowSeconds,
                hopSeconds,
                timePriorWeight,
                inputs);
    }

    /** Copy with another score function. */
    public ModelConfig withScore(ScoreFunction s) {
        return new ModelConfig(
                projector,
                pcaVariance,
                classifier,
                lambda,
                svmC,
                knnK,
                s,
                targetPrecision,
                windowSeconds,
                hopSeconds,
                timePriorWeight,
                inputs);
    }

    /** Copy with another input subset. */
    public ModelConfig withInputs(Inputs in) {
        return new ModelConfig(
                projector,
                pcaVariance,
                classifier,
                lambda,
                svmC,
                knnK,
                score,
                targetPrecision,
                windowSeconds,
                hopSeconds,
                timePriorWeight,
                in);
    }

    /** Copy with another windowing. */
    public ModelConfig withWindow(double window, double hop) {
        return new ModelConfig(
                projector,
                pcaVariance,
                classifier,
                lambda,
                svmC,
                knnK,
                score,
                targetPrecision,
                window,
                hop,
                timePriorWeight,
                inputs);
    }

    /** Copy with another target precision. */
    public ModelConfig withTargetPrecision(double p) {
        return new ModelConfig(
                projector,
                pcaVariance,
                classifier,
                lambda,
                svmC,
                knnK,
                score,
                p,
                windowSeconds,
                hopSeconds,
                timePriorWeight,
                inputs);
    }

    /** Copy with another time-of-day prior weight (0 = off, the default). */
    public ModelConfig withTimePriorWeight(double w) {
        return new ModelConfig(
                projector,
                pcaVariance,
                classifier,
                lambda,
                svmC,
                knnK,
                score,
                targetPrecision,
                windowSeconds,
                hopSeconds,
                w,
                inputs);
    }
}
