package io.buddybork.recognition.model;

import java.io.Serial;
import java.io.Serializable;
import smile.classification.LinearSVM;
import smile.classification.PlattScaling;
import smile.classification.SVM;

/**
 * One-versus-rest linear SVMs (Smile) with Platt-scaled, normalised outputs as class posteriors.
 * Trained sequentially on the calling thread so a seed makes it deterministic (Smile's own
 * {@code OneVersusRest} needs three or more classes and calibrates through cross-validation).
 * Immutable and thread-safe after construction.
 */
final class LinearSvmOvr implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int[] classes;
    private final LinearSVM[] machines;
    private final PlattScaling[] platt;

    private LinearSvmOvr(int[] classes, LinearSVM[] machines, PlattScaling[] platt) {
        this.classes = classes;
        this.machines = machines;
        this.platt = platt;
    }

    /** Fits one machine per distinct label of {@code y}. */
    static LinearSvmOvr fit(double[][] x, int[] y, double c) {
        int[] classes = java.util.Arrays.stream(y).distinct().sorted().toArray();
        LinearSVM[] machines = new LinearSVM[classes.length];
        PlattScaling[] platt = new PlattScaling[classes.length];
        for (int i = 0; i < classes.length; i++) {
            int[] yi = new int[y.length];
            for (int j = 0; j < y.length; j++) {
                yi[j] = y[j] == classes[i] ? 1 : -1;
            }
            machines[i] = SVM.fit(x, yi, new SVM.Options(c));
            double[] scores = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                scores[j] = machines[i].score(x[j]);
            }
            platt[i] = PlattScaling.fit(scores, yi);
        }
        return new LinearSvmOvr(classes, machines, platt);
    }

    /** Class labels in posterior order. */
    int[] classes() {
        return classes;
    }

    /** Fills {@code posterior} (length = classes) with normalised Platt probabilities. */
    void posterior(double[] x, double[] posterior) {
        double sum = 0;
        for (int i = 0; i < machines.length; i++) {
            posterior[i] = platt[i].scale(machines[i].score(x));
            sum += posterior[i];
        }
        for (int i = 0; i < machines.length; i++) {
            posterior[i] = sum > 0 ? posterior[i] / sum : 1.0 / machines.length;
        }
    }
}
