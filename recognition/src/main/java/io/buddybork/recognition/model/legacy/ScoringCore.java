package io.buddybork.recognition.model.legacy;

import io.buddybork.recognition.model.ModelConfig;
import java.io.Serial;
import java.io.Serializable;
import smile.classification.Classifier;

/**
 * The fields of a format 1 {@code io.buddybork.recognition.model.ScoringCore}, filled by the
 * legacy reader's deserialisation only. Fields missing from older files stay null.
 */
public final class ScoringCore implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private ModelConfig config;
    private int tagCount;
    private int[] columns;
    private double[] mean;
    private double[] invStd;
    private double[][] whitening;
    private double[][] projection;
    private double[] offset;
    private Classifier<double[]> classifier;
    private LinearSvmOvr svm;
    private int soleTag;
    private double[][][] tagPoints;
    private double[][] backgroundPoints;
    private double sigma;
    private double[] typical;

    private ScoringCore() {}

    /** Pipeline configuration. */
    public ModelConfig config() {
        return config;
    }

    /** Number of tags scored. */
    public int tagCount() {
        return tagCount;
    }

    /** Feature columns used. */
    public int[] columns() {
        return columns;
    }

    /** Standardiser centre. */
    public double[] mean() {
        return mean;
    }

    /** Standardiser inverse scale. */
    public double[] invStd() {
        return invStd;
    }

    /** Whitening factor or null. */
    public double[][] whitening() {
        return whitening;
    }

    /** Projection matrix or null. */
    public double[][] projection() {
        return projection;
    }

    /** Projection offset or null. */
    public double[] offset() {
        return offset;
    }

    /** Smile classifier (logistic regression or LDA) or null. */
    public Classifier<double[]> classifier() {
        return classifier;
    }

    /** One-versus-rest SVM or null. */
    public LinearSvmOvr svm() {
        return svm;
    }

    /** The only tag with examples, or -1. */
    public int soleTag() {
        return soleTag;
    }

    /** Projected examples per tag. */
    public double[][][] tagPoints() {
        return tagPoints;
    }

    /** Projected background examples. */
    public double[][] backgroundPoints() {
        return backgroundPoints;
    }

    /** Distance scale. */
    public double sigma() {
        return sigma;
    }

    /** Typical scores per tag or null. */
    public double[] typical() {
        return typical;
    }
}
