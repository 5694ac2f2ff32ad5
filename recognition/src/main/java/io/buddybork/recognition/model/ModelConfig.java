package io.buddybork.recognition.model;

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
        Inputs inputs) implements java.io.Serializable {

    /** Subsets of the feature vector. */
    public enum Inputs {
        /** Every entry. */
        ALL,
        /** Only MFCC means and standard deviations (the classic baseline's input). */
        MFCC_MEAN_STD;

        /** Whether a feature named {@code name} (see FeatureLayout) is used. */
        public boolean uses(String name) {
            return this == ALL || name.startsWith("mfcc") && (name.endsWith("_mean") || name.endsWith("_std"));
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
        POSTERIOR_DISTANCE
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

    /** The default configuration, chosen by measurement (docs/recognition.md). */
    public static ModelConfig defaults() {
        return new ModelConfig(Projector.LDA, 0.95, ClassifierKind.SVM, 0.1, 1.0, 3,
                ScoreFunction.POSTERIOR, 0.9, 0, 1.0, 0.5, Inputs.ALL);
    }

    /** The classic baseline: MFCC statistics -> LDA -> logistic regression, posterior score. */
    public static ModelConfig classicBaseline() {
        return new ModelConfig(Projector.LDA, 0.95, ClassifierKind.LOGISTIC, 0.0, 1.0, 3,
                ScoreFunction.POSTERIOR, 0.9, 0, 1.0, 0, Inputs.MFCC_MEAN_STD);
    }

    /** Short human-readable description. */
    public String describe() {
        return String.format(Locale.ROOT, "%s features -> %s%s -> %s -> %s score, window %.1fs/%.1fs",
                inputs, projector, projector == Projector.PCA ? "(" + pcaVariance + ")" : "", classifier,
                score, windowSeconds, hopSeconds);
    }

    /** Copy with another projector. */
    public ModelConfig withProjector(Projector p) {
        return new ModelConfig(p, pcaVariance, classifier, lambda, svmC, knnK, score, targetPrecision,
                windowSeconds, hopSeconds, timePriorWeight, inputs);
    }

    /** Copy with another classifier. */
    public ModelConfig withClassifier(ClassifierKind c) {
        return new ModelConfig(projector, pcaVariance, c, lambda, svmC, knnK, score, targetPrecision,
                windowSeconds, hopSeconds, timePriorWeight, inputs);
    }

    /** Copy with another score function. */
    public ModelConfig withScore(ScoreFunction s) {
        return new ModelConfig(projector, pcaVariance, classifier, lambda, svmC, knnK, s, targetPrecision,
                windowSeconds, hopSeconds, timePriorWeight, inputs);
    }

    /** Copy with another input subset. */
    public ModelConfig withInputs(Inputs in) {
        return new ModelConfig(projector, pcaVariance, classifier, lambda, svmC, knnK, score, targetPrecision,
                windowSeconds, hopSeconds, timePriorWeight, in);
    }

    /** Copy with another windowing. */
    public ModelConfig withWindow(double window, double hop) {
        return new ModelConfig(projector, pcaVariance, classifier, lambda, svmC, knnK, score, targetPrecision,
                window, hop, timePriorWeight, inputs);
    }

    /** Copy with another target precision. */
    public ModelConfig withTargetPrecision(double p) {
        return new ModelConfig(projector, pcaVariance, classifier, lambda, svmC, knnK, score, p,
                windowSeconds, hopSeconds, timePriorWeight, inputs);
    }
}
