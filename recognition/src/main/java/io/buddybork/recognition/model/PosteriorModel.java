package io.buddybork.recognition.model;

import java.util.Arrays;
import smile.classification.Classifier;
import smile.classification.KNN;
import smile.classification.LDA;
import smile.classification.LogisticRegression;
import smile.tensor.DenseMatrix;
import smile.tensor.Vector;
import smile.util.IntSet;

/**
 * A fitted classifier reduced to plain parameters (what a model file stores) plus the scorer
 * rebuilt from exactly those parameters through Smile's public constructors. A model scores with
 * the rebuilt scorer from the moment it is trained, so a saved and reloaded model computes the
 * same posteriors bit for bit, and loading never deserialises a Smile object. Constructors check
 * every shape and throw {@link IllegalArgumentException} on parameters that do not fit together.
 * Immutable (arrays are copied in and never handed out for writing) and thread-safe.
 */
abstract sealed class PosteriorModel
        permits PosteriorModel.Logistic, PosteriorModel.Lda, PosteriorModel.Knn, LinearSvmOvr {

    /** Class labels (tag indices) in posterior order. */
    abstract int[] classes();

    /** Length of the vectors the classifier scores. */
    abstract int inputDimension();

    /** Fills {@code p} (one entry per class) with the class posteriors of {@code z}. */
    abstract void posterior(double[] z, double[] p);

    /** Stable name of the classifier kind in model files. */
    abstract String kind();

    /**
     * Exports a classifier Smile fitted and rebuilds it from the exported parameters.
     *
     * @param lambda the regularisation a logistic regression was fitted with (Smile does not expose it)
     * @param points the training vectors a k-NN classifier was fitted on, in fit order
     * @param labels their labels
     * @param k the k-NN classifier's k
     */
    static PosteriorModel export(Classifier<double[]> c, double lambda, double[][] points, int[] labels, int k) {
        if (c instanceof LogisticRegression lr) {
            return Logistic.of(lr, lambda);
        }
        if (c instanceof LDA lda) {
            return Lda.of(lda);
        }
        if (c instanceof KNN<?>) {
            return new Knn(points, labels, k);
        }
        throw new IllegalArgumentException(
                "cannot store a " + c.getClass().getSimpleName() + " classifier in a model file");
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException(what);
        }
    }

    /** Classes must be distinct tag indices >= 0, at least two of them. */
    static int[] checkClasses(int[] classes) {
        require(classes != null && classes.length >= 2, "a classifier needs at least two classes");
        require(Arrays.stream(classes).allMatch(c -> c >= 0), "class labels must be tag indices");
        require(Arrays.stream(classes).distinct().count() == classes.length, "class labels repeat");
        return classes.clone();
    }

    static double[][] copyMatrix(double[][] m, int rows, int cols, String name) {
        require(m != null && m.length == rows, name + " needs " + rows + " rows");
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            require(m[i] != null && m[i].length == cols, name + " needs " + cols + " columns");
            out[i] = m[i].clone();
        }
        return out;
    }

    static double[][] copyRows(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }

    /**
     * Logistic regression: binomial (one weight row) for two classes, multinomial ({@code classes - 1}
     * rows) otherwise; each row holds the weights then the intercept.
     */
    static final class Logistic extends PosteriorModel {
        private final int[] classes;
        private final double[][] weights;
        private final double logLikelihood;
        private final double lambda;
        private final LogisticRegression smile;

        Logistic(int[] classes, double[][] weights, double logLikelihood, double lambda) {
            this.classes = checkClasses(classes);
            require(weights != null && weights.length > 0 && weights[0] != null, "logistic weights are missing");
            int rows = classes.length == 2 ? 1 : classes.length - 1;
            this.weights = copyMatrix(weights, rows, weights[0].length, "the logistic weights");
            require(this.weights[0].length >= 2, "logistic weights need an intercept and a weight");
            require(lambda >= 0 && Double.isFinite(lambda), "lambda must be >= 0");
            this.logLikelihood = logLikelihood;
            this.lambda = lambda;
            IntSet labels = new IntSet(this.classes);
            this.smile = classes.length == 2
                    ? new LogisticRegression.Binomial(this.weights[0].clone(), logLikelihood, lambda, labels)
                    : new LogisticRegression.Multinomial(copyRows(this.weights), logLikelihood, lambda, labels);
        }

        static Logistic of(LogisticRegression lr, double lambda) {
            double[][] w = lr instanceof LogisticRegression.Binomial b
                    ? new double[][] {b.coefficients()}
                    : ((LogisticRegression.Multinomial) lr).coefficients();
            return new Logistic(lr.classes(), w, lr.loglikelihood(), lambda);
        }

        @Override
        int[] classes() {
            return classes.clone();
        }

        @Override
        int inputDimension() {
            return weights[0].length - 1;
        }

        @Override
        void posterior(double[] z, double[] p) {
            smile.predict(z, p);
        }

        @Override
        String kind() {
            return "logistic";
        }

        double[][] weights() {
            return copyRows(weights);
        }

        double logLikelihood() {
            return logLikelihood;
        }

        double lambda() {
            return lambda;
        }
    }

    /**
     * Linear discriminant analysis: class priors, class means, and the eigenvalues and scaling
     * matrix of the shared covariance.
     */
    static final class Lda extends PosteriorModel {
        private final int[] classes;
        private final double[] priori;
        private final double[][] mu;
        private final double[] eigen;
        private final double[][] scaling;
        private final LDA smile;

        Lda(int[] classes, double[] priori, double[][] mu, double[] eigen, double[][] scaling) {
            this.classes = checkClasses(classes);
            int k = classes.length;
            require(priori != null && priori.length == k, "LDA needs one prior per class");
            require(Arrays.stream(priori).allMatch(v -> v > 0 && v <= 1), "LDA priors must be in (0, 1]");
            require(mu != null && mu.length == k && mu[0] != null && mu[0].length > 0, "LDA needs one mean per class");
            int p = mu[0].length;
            require(eigen != null && eigen.length > 0, "LDA eigenvalues are missing");
            this.priori = priori.clone();
            this.mu = copyMatrix(mu, k, p, "the LDA means");
            this.eigen = eigen.clone();
            this.scaling = copyMatrix(scaling, p, eigen.length, "the LDA scaling");
            this.smile = new LDA(
                    this.priori.clone(),
                    copyRows(this.mu),
                    Vector.column(this.eigen.clone()),
                    DenseMatrix.of(this.scaling),
                    new IntSet(this.classes));
        }

        static Lda of(LDA lda) {
            SmileParameters.LdaParameters p = SmileParameters.lda(lda);
            return new Lda(lda.classes(), lda.priori(), p.mu(), p.eigen(), p.scaling());
        }

        @Override
        int[] classes() {
            return classes.clone();
        }

        @Override
        int inputDimension() {
            return mu[0].length;
        }

        @Override
        void posterior(double[] z, double[] p) {
            smile.predict(z, p);
        }

        @Override
        String kind() {
            return "lda";
        }

        double[] priori() {
            return priori.clone();
        }

        double[][] mu() {
            return copyRows(mu);
        }

        double[] eigen() {
            return eigen.clone();
        }

        double[][] scaling() {
            return copyRows(scaling);
        }
    }

    /**
     * k nearest neighbours: the training vectors and labels in fit order and k; the search
     * structure is rebuilt by Smile from them (deterministically) on load.
     */
    static final class Knn extends PosteriorModel {
        private final double[][] points;
        private final int[] labels;
        private final int k;
        private final KNN<double[]> smile;

        Knn(double[][] points, int[] labels, int k) {
            require(points != null && points.length > 0 && points[0] != null, "k-NN needs training vectors");
            require(labels != null && labels.length == points.length, "k-NN needs one label per vector");
            require(k >= 1 && k <= points.length, "k-NN needs 1 <= k <= training vectors");
            require(Arrays.stream(labels).allMatch(c -> c >= 0), "class labels must be tag indices");
            require(Arrays.stream(labels).distinct().count() >= 2, "a classifier needs at least two classes");
            this.points = copyMatrix(points, points.length, points[0].length, "the k-NN vectors");
            this.labels = labels.clone();
            this.k = k;
            this.smile = KNN.fit(copyRows(this.points), this.labels.clone(), k);
        }

        @Override
        int[] classes() {
            return smile.classes();
        }

        @Override
        int inputDimension() {
            return points[0].length;
        }

        @Override
        void posterior(double[] z, double[] p) {
            smile.predict(z, p);
        }

        @Override
        String kind() {
            return "knn";
        }

        double[][] points() {
            return copyRows(points);
        }

        int[] labels() {
            return labels.clone();
        }

        int k() {
            return k;
        }
    }
}
