package io.buddybork.recognition.model;

import smile.classification.LinearSVM;
import smile.classification.PlattScaling;
import smile.classification.SVM;
import smile.model.svm.LinearKernelMachine;

/**
 * One-versus-rest linear SVMs (Smile) with Platt-scaled, normalised outputs as class posteriors.
 * Trained sequentially on the calling thread so a seed makes it deterministic (Smile's own
 * {@code OneVersusRest} needs three or more classes and calibrates through cross-validation).
 * Stored as plain parameters (per class: weights, intercept, Platt's alpha and beta) and scored
 * through Smile's {@link LinearKernelMachine} and {@link PlattScaling} rebuilt from them. Immutable
 * and thread-safe after construction.
 */
final class LinearSvmOvr extends PosteriorModel {

    private final int[] classes;
    private final double[][] weights;
    private final double[] intercepts;
    private final double[] alpha;
    private final double[] beta;
    private final LinearKernelMachine[] machines;
    private final PlattScaling[] platt;

    /**
     * Rebuilds the machines from their parameters.
     *
     * @throws IllegalArgumentException when the shapes do not fit together
     */
    LinearSvmOvr(int[] classes, double[][] weights, double[] intercepts, double[] alpha, double[] beta) {
        this.classes = checkClasses(classes);
        int c = classes.length;
        require(
                weights != null && weights.length == c && weights[0] != null && weights[0].length > 0,
                "the SVM needs one weight row per class");
        this.weights = copyMatrix(weights, c, weights[0].length, "the SVM weights");
        require(intercepts != null && intercepts.length == c, "the SVM needs one intercept per class");
        require(
                alpha != null && alpha.length == c && beta != null && beta.length == c,
                "the SVM needs Platt coefficients per class");
        this.intercepts = intercepts.clone();
        this.alpha = alpha.clone();
        this.beta = beta.clone();
        this.machines = new LinearKernelMachine[c];
        this.platt = new PlattScaling[c];
        for (int i = 0; i < c; i++) {
            machines[i] = new LinearKernelMachine(this.weights[i].clone(), this.intercepts[i]);
            platt[i] = new PlattScaling(this.alpha[i], this.beta[i]);
        }
    }

    /** Fits one machine per distinct label of {@code y}. */
    static LinearSvmOvr fit(double[][] x, int[] y, double c) {
        int[] classes = java.util.Arrays.stream(y).distinct().sorted().toArray();
        double[][] weights = new double[classes.length][];
        double[] intercepts = new double[classes.length];
        double[] alpha = new double[classes.length];
        double[] beta = new double[classes.length];
        for (int i = 0; i < classes.length; i++) {
            int[] yi = new int[y.length];
            for (int j = 0; j < y.length; j++) {
                yi[j] = y[j] == classes[i] ? 1 : -1;
            }
            LinearSVM machine = SVM.fit(x, yi, new SVM.Options(c));
            double[] scores = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                scores[j] = machine.score(x[j]);
            }
            double[] ab = SmileParameters.platt(PlattScaling.fit(scores, yi));
            weights[i] = machine.weights().clone();
            intercepts[i] = machine.intercept();
            alpha[i] = ab[0];
            beta[i] = ab[1];
        }
        return new LinearSvmOvr(classes, weights, intercepts, alpha, beta);
    }

    /** Class labels in posterior order. */
    @Override
    int[] classes() {
        return classes.clone();
    }

    @Override
    int inputDimension() {
        return weights[0].length;
    }

    @Override
    String kind() {
        return "svm-ovr";
    }

    /** Fills {@code posterior} (length = classes) with normalised Platt probabilities. */
    @Override
    void posterior(double[] x, double[] posterior) {
        double sum = 0;
        for (int i = 0; i < machines.length; i++) {
            posterior[i] = platt[i].scale(machines[i].f(x));
            sum += posterior[i];
        }
        for (int i = 0; i < machines.length; i++) {
            posterior[i] = sum > 0 ? posterior[i] / sum : 1.0 / machines.length;
        }
    }

    double[][] weights() {
        return copyRows(weights);
    }

    double[] intercepts() {
        return intercepts.clone();
    }

    double[] alpha() {
        return alpha.clone();
    }

    double[] beta() {
        return beta.clone();
    }
}
