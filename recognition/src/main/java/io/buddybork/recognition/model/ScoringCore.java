package io.buddybork.recognition.model;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;
import smile.classification.Classifier;
import smile.classification.FLD;
import smile.classification.KNN;
import smile.classification.LDA;
import smile.classification.LogisticRegression;
import smile.feature.extraction.PCA;
import smile.tensor.Vector;

/**
 * A fitted pipeline without thresholds: standardiser -> affine projection -> classifier, plus the
 * projected training examples the distance scores need. Immutable after fitting; thread-safe.
 */
final class ScoringCore implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int SIGMA_SAMPLE = 400;
    /** Background vectors kept for the background-relative scores (a seeded sample beyond this). */
    static final int MAX_BACKGROUND_POINTS = 2_000;

    private final ModelConfig config;
    private final int tagCount;
    private final int[] columns;
    private final double[] mean;
    private final double[] invStd;
    private final double[][] projection;
    private final double[] offset;
    private final Classifier<double[]> classifier;
    private final LinearSvmOvr svm;
    private final int soleTag;
    private final double[][][] tagPoints;
    private final double[][] backgroundPoints;
    private final double sigma;
    private final double[][] prototypes;

    private ScoringCore(
            ModelConfig config,
            int tagCount,
            int[] columns,
            double[] mean,
            double[] invStd,
            double[][] projection,
            double[] offset,
            Classifier<double[]> classifier,
            LinearSvmOvr svm,
            int soleTag,
            double[][][] tagPoints,
            double[][] backgroundPoints,
            double sigma) {
        this.config = config;
        this.tagCount = tagCount;
        this.columns = columns;
        this.mean = mean;
        this.invStd = invStd;
        this.projection = projection;
        this.offset = offset;
        this.classifier = classifier;
        this.svm = svm;
        this.soleTag = soleTag;
        this.tagPoints = tagPoints;
        this.backgroundPoints = backgroundPoints;
        this.sigma = sigma;
        this.prototypes = new double[tagPoints.length][];
        for (int t = 0; t < tagPoints.length; t++) {
            prototypes[t] = mean(tagPoints[t]);
        }
    }

    private static double[] mean(double[][] points) {
        if (points.length == 0) {
            return null;
        }
        double[] m = new double[points[0].length];
        for (double[] p : points) {
            for (int j = 0; j < m.length; j++) {
                m[j] += p[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= points.length;
        }
        return m;
    }

    /** Mean cosine score of the {@code k} points most similar to {@code z}. */
    static double topCosine(double[] z, double[][] points, int k) {
        double[] c = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            c[i] = cosineScore(z, points[i]);
        }
        Arrays.sort(c);
        int kk = Math.min(k, c.length);
        double sum = 0;
        for (int i = c.length - kk; i < c.length; i++) {
            sum += c[i];
        }
        return sum / kk;
    }

    /** {@code (1 + cos) / 2} of the angle between {@code z} and {@code p}, in [0, 1]. */
    static double cosineScore(double[] z, double[] p) {
        double dot = 0;
        double zz = 0;
        double pp = 0;
        for (int j = 0; j < z.length; j++) {
            dot += z[j] * p[j];
            zz += z[j] * z[j];
            pp += p[j] * p[j];
        }
        double denom = Math.sqrt(zz * pp);
        return denom == 0 ? 0.5 : (1 + dot / denom) / 2;
    }

    /** Fits on the examples {@code rows} of {@code set}. */
    static ScoringCore fit(TrainingSet set, int[] rows, ModelConfig config, int[] candidateColumns, long seed) {
        int k = set.tags().size();
        // Standardiser; columns that are constant on the training rows carry no information and
        // would make covariance matrices singular, so they are dropped.
        double[] sum = new double[candidateColumns.length];
        double[] sq = new double[candidateColumns.length];
        for (int r : rows) {
            float[] x = set.features()[r];
            for (int j = 0; j < candidateColumns.length; j++) {
                sum[j] += x[candidateColumns[j]];
            }
        }
        for (int j = 0; j < candidateColumns.length; j++) {
            sum[j] /= rows.length;
        }
        for (int r : rows) {
            float[] x = set.features()[r];
            for (int j = 0; j < candidateColumns.length; j++) {
                double dev = x[candidateColumns[j]] - sum[j];
                sq[j] += dev * dev;
            }
        }
        int kept = 0;
        for (int j = 0; j < candidateColumns.length; j++) {
            sq[j] = Math.sqrt(sq[j] / rows.length);
            if (sq[j] > 1e-6 * Math.max(1.0, Math.abs(sum[j]))) {
                kept++;
            }
        }
        int[] columns = new int[kept];
        double[] mean = new double[kept];
        double[] invStd = new double[kept];
        for (int j = 0, c = 0; j < candidateColumns.length; j++) {
            if (sq[j] > 1e-6 * Math.max(1.0, Math.abs(sum[j]))) {
                columns[c] = candidateColumns[j];
                mean[c] = sum[j];
                invStd[c++] = 1.0 / sq[j];
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException("every feature is constant on the training data");
        }
        int d = kept;
        double[][] all = new double[rows.length][];
        int known = 0;
        for (int i = 0; i < rows.length; i++) {
            all[i] = standardise(set.features()[rows[i]], columns, mean, invStd);
            if (set.labels()[rows[i]] >= 0) {
                known++;
            }
        }
        double[][] knownX = new double[known][];
        int[] knownY = new int[known];
        int[] present = new int[k];
        for (int i = 0, j = 0; i < rows.length; i++) {
            int label = set.labels()[rows[i]];
            if (label >= 0) {
                knownX[j] = all[i];
                knownY[j++] = label;
                present[label]++;
            }
        }
        int classes = (int) Arrays.stream(present).filter(c -> c > 0).count();
        if (classes == 0) {
            throw new IllegalArgumentException("no examples of any known tag to train on");
        }
        smile.math.MathEx.setSeed(seed);
        double[][] projection = null;
        double[] offset = null;
        if (config.projector() == ModelConfig.Projector.PCA && all.length > 2) {
            PCA pca = PCA.fit(all).getProjection(config.pcaVariance());
            double[][][] affine = affine(d, x -> pca.apply(x));
            projection = affine[0];
            offset = affine[1][0];
        } else if (config.projector() == ModelConfig.Projector.LDA && classes > 1) {
            // Smile 6.3.0's FLD indexes past its SVD when d < n < d + classes (ArrayIndexOutOfBounds).
            // Zero columns are neutral (the projection lies in the span of the data), so pad to n columns
            // there: FLD then takes its n <= d path, which gives the same projection.
            int width = d < known && known < d + classes ? known : d;
            FLD fld = FLD.fit(padded(knownX, width), knownY);
            double[][][] affine = affine(d, x -> toArray(fld.project(Arrays.copyOf(x, width))));
            projection = affine[0];
            offset = affine[1][0];
        }
        double[][] knownP = new double[known][];
        for (int i = 0; i < known; i++) {
            knownP[i] = project(knownX[i], projection, offset);
        }
        Classifier<double[]> classifier = null;
        LinearSvmOvr svm = null;
        int soleTag = -1;
        if (classes == 1) {
            for (int t = 0; t < k; t++) {
                if (present[t] > 0) {
                    soleTag = t;
                }
            }
        } else if (!config.needsClassifier()) {
            // Prototype and neighbour scores need no classifier: skip the most expensive fit.
        } else if (config.classifier() == ModelConfig.ClassifierKind.SVM) {
            svm = LinearSvmOvr.fit(knownP, knownY, config.svmC());
        } else {
            classifier = switch (config.classifier()) {
                case LOGISTIC ->
                    LogisticRegression.fit(knownP, knownY, new LogisticRegression.Options(config.lambda(), 1e-5, 500));
                case KNN -> KNN.fit(knownP, knownY, Math.min(config.knnK(), known));
                case LDA -> {
                    if (knownP[0].length >= known - classes) {
                        throw new IllegalArgumentException("the LDA classifier needs more examples (" + known
                                + ") than dimensions (" + knownP[0].length + ") plus tags; project first (LDA or PCA)");
                    }
                    yield LDA.fit(knownP, knownY);
                }
                case SVM -> throw new AssertionError();
            };
        }
        double[][][] tagPoints = new double[k][][];
        int[] fill = new int[k];
        for (int t = 0; t < k; t++) {
            tagPoints[t] = new double[present[t]][];
        }
        for (int i = 0; i < known; i++) {
            tagPoints[knownY[i]][fill[knownY[i]]++] = knownP[i];
        }
        double[][] bg = new double[rows.length - known][];
        for (int i = 0, j = 0; i < rows.length; i++) {
            if (set.labels()[rows[i]] < 0) {
                bg[j++] = project(all[i], projection, offset);
            }
        }
        if (bg.length > MAX_BACKGROUND_POINTS) {
            // Days of hub background would make every background-relative score scan tens of thousands
            // of vectors; a seeded sample keeps scoring and calibration bounded (the nearest few of
            // a large sample are still close neighbours).
            Random random = new Random(seed ^ 0x5DEECE66DL);
            for (int i = bg.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double[] tmp = bg[i];
                bg[i] = bg[j];
                bg[j] = tmp;
            }
            bg = Arrays.copyOf(bg, MAX_BACKGROUND_POINTS);
        }
        double sigma = medianNeighbourDistance(knownP, knownY, rows, set, tagPoints, config.knnK(), seed);
        return new ScoringCore(
                config, k, columns, mean, invStd, projection, offset, classifier, svm, soleTag, tagPoints, bg, sigma);
    }

    /** Per-tag scores in [0, 1] of one feature vector. */
    double[] scores(float[] features) {
        double[] z = project(standardise(features, columns, mean, invStd), projection, offset);
        double[] out = new double[tagCount];
        ModelConfig.ScoreFunction fn = config.score();
        if (soleTag >= 0 && fn == ModelConfig.ScoreFunction.POSTERIOR) {
            // With one tag the posterior is always 1: only the distance to its examples can say "unknown".
            fn = ModelConfig.ScoreFunction.DISTANCE;
        }
        double[] posterior = null;
        if (fn == ModelConfig.ScoreFunction.POSTERIOR
                || fn == ModelConfig.ScoreFunction.POSTERIOR_DISTANCE
                || fn == ModelConfig.ScoreFunction.POSTERIOR_COSINE
                || fn == ModelConfig.ScoreFunction.POSTERIOR_BACKGROUND) {
            posterior = posterior(z);
        }
        if (fn == ModelConfig.ScoreFunction.COSINE || fn == ModelConfig.ScoreFunction.POSTERIOR_COSINE) {
            for (int t = 0; t < tagCount; t++) {
                double c = prototypes[t] == null ? 0 : cosineScore(z, prototypes[t]);
                out[t] = fn == ModelConfig.ScoreFunction.COSINE ? c : posterior[t] * c;
            }
            return out;
        }
        if (fn == ModelConfig.ScoreFunction.COSINE_BACKGROUND) {
            double bg = backgroundPoints.length == 0 ? 0.5 : topCosine(z, backgroundPoints, config.knnK());
            for (int t = 0; t < tagCount; t++) {
                out[t] = prototypes[t] == null ? 0 : (1 + cosineScore(z, prototypes[t]) - bg) / 2;
            }
            return out;
        }
        boolean bgRelative = fn == ModelConfig.ScoreFunction.BACKGROUND_RELATIVE
                || fn == ModelConfig.ScoreFunction.POSTERIOR_BACKGROUND;
        double dBg = bgRelative && backgroundPoints.length > 0
                ? meanNearest(z, backgroundPoints, config.knnK())
                : Double.NaN;
        for (int t = 0; t < tagCount; t++) {
            if (fn == ModelConfig.ScoreFunction.POSTERIOR) {
                out[t] = posterior[t];
                continue;
            }
            if (tagPoints[t].length == 0) {
                out[t] = 0;
                continue;
            }
            double dTag = meanNearest(z, tagPoints[t], config.knnK());
            double similarity = Math.exp(-dTag / sigma);
            out[t] = switch (fn) {
                case DISTANCE -> similarity;
                case POSTERIOR_DISTANCE -> posterior[t] * similarity;
                case BACKGROUND_RELATIVE -> Double.isNaN(dBg) ? similarity : dTag + dBg == 0 ? 0.5 : dBg / (dTag + dBg);
                case POSTERIOR_BACKGROUND ->
                    posterior[t] * (Double.isNaN(dBg) ? similarity : dTag + dBg == 0 ? 0.5 : dBg / (dTag + dBg));
                case POSTERIOR, COSINE, POSTERIOR_COSINE, COSINE_BACKGROUND -> throw new AssertionError();
            };
        }
        return out;
    }

    /**
     * How unlike everything the model knows a vector is: 1 minus the highest cosine score
     * ({@code (1 + cos) / 2}) to any tag's prototype and to the nearest background examples. Near 0
     * for a sound like a tag or like the background, higher for a kind of sound never heard.
     */
    double novelty(float[] features) {
        double[] z = project(standardise(features, columns, mean, invStd), projection, offset);
        double best = backgroundPoints.length == 0 ? 0 : topCosine(z, backgroundPoints, config.knnK());
        for (double[] p : prototypes) {
            if (p != null) {
                best = Math.max(best, cosineScore(z, p));
            }
        }
        return 1 - best;
    }

    private double[] posterior(double[] z) {
        double[] out = new double[tagCount];
        if (soleTag >= 0) {
            out[soleTag] = 1.0;
            return out;
        }
        int[] classes = svm != null ? svm.classes() : classifier.classes();
        double[] p = new double[classes.length];
        if (svm != null) {
            svm.posterior(z, p);
        } else if (classifier.isSoft()) {
            classifier.predict(z, p);
        } else {
            p[indexOf(classes, classifier.predict(z))] = 1.0;
        }
        for (int c = 0; c < classes.length; c++) {
            out[classes[c]] = p[c];
        }
        return out;
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new IllegalStateException("class " + v + " not in " + Arrays.toString(values));
    }

    /** Output dimension after projection. */
    int projectedDimension() {
        return projection == null ? mean.length : projection.length;
    }

    /** The distance scale of the similarity scores. */
    double sigma() {
        return sigma;
    }

    static double[] standardise(float[] x, int[] columns, double[] mean, double[] invStd) {
        double[] z = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            z[j] = (x[columns[j]] - mean[j]) * invStd[j];
        }
        return z;
    }

    static double[] project(double[] z, double[][] projection, double[] offset) {
        if (projection == null) {
            return z;
        }
        double[] y = new double[projection.length];
        for (int i = 0; i < projection.length; i++) {
            double[] row = projection[i];
            double acc = offset[i];
            for (int j = 0; j < row.length; j++) {
                acc += row[j] * z[j];
            }
            y[i] = acc;
        }
        return y;
    }

    /** Recovers the affine map {@code y = A x + b} of a linear projector by probing it. */
    private static double[][][] affine(int d, java.util.function.Function<double[], double[]> f) {
        double[] b = f.apply(new double[d]);
        double[][] a = new double[b.length][d];
        for (int j = 0; j < d; j++) {
            double[] e = new double[d];
            e[j] = 1.0;
            double[] col = f.apply(e);
            for (int i = 0; i < b.length; i++) {
                a[i][j] = col[i] - b[i];
            }
        }
        return new double[][][] {a, {b}};
    }

    private static double[][] padded(double[][] x, int width) {
        if (x.length == 0 || x[0].length == width) {
            return x;
        }
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = Arrays.copyOf(x[i], width);
        }
        return out;
    }

    private static double[] toArray(Vector v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    /** Mean Euclidean distance from {@code z} to its {@code k} nearest points. */
    static double meanNearest(double[] z, double[][] points, int k) {
        int kk = Math.min(k, points.length);
        double[] best = new double[kk];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (double[] p : points) {
            double s = 0;
            for (int j = 0; j < z.length; j++) {
                double diff = z[j] - p[j];
                s += diff * diff;
            }
            if (s < best[kk - 1]) {
                int i = kk - 1;
                while (i > 0 && best[i - 1] > s) {
                    best[i] = best[i - 1];
                    i--;
                }
                best[i] = s;
            }
        }
        double sum = 0;
        for (double b : best) {
            sum += Math.sqrt(b);
        }
        return sum / kk;
    }

    /** Median over (a sample of) known examples of the mean distance to their own tag's other groups. */
    private static double medianNeighbourDistance(
            double[][] knownP, int[] knownY, int[] rows, TrainingSet set, double[][][] tagPoints, int k, long seed) {
        int n = knownP.length;
        if (n < 2) {
            return 1.0;
        }
        int[] knownGroups = new int[n];
        for (int i = 0, j = 0; i < rows.length; i++) {
            if (set.labels()[rows[i]] >= 0) {
                knownGroups[j++] = set.groups()[rows[i]];
            }
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        if (n > SIGMA_SAMPLE) {
            Random random = new Random(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        int m = Math.min(n, SIGMA_SAMPLE);
        double[] dist = new double[m];
        int count = 0;
        for (int s = 0; s < m; s++) {
            int i = order[s];
            double[][] others = new double[n][];
            int c = 0;
            for (int j = 0; j < n; j++) {
                if (knownY[j] == knownY[i] && knownGroups[j] != knownGroups[i]) {
                    others[c++] = knownP[j];
                }
            }
            if (c > 0) {
                dist[count++] = meanNearest(knownP[i], Arrays.copyOf(others, c), k);
            }
        }
        if (count == 0) {
            return 1.0;
        }
        Arrays.sort(dist, 0, count);
        double median = dist[count / 2];
        return median > 1e-9 ? median : 1.0;
    }
}
