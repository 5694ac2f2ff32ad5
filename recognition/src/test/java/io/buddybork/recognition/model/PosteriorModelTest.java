package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import smile.classification.Classifier;
import smile.classification.KNN;
import smile.classification.LDA;
import smile.classification.LinearSVM;
import smile.classification.LogisticRegression;
import smile.classification.PlattScaling;
import smile.classification.SVM;

/**
 * Each classifier exported to plain parameters and rebuilt from them gives exactly the posteriors
 * of the Smile object it was exported from, on training and unseen vectors.
 */
class PosteriorModelTest {

    record Data(double[][] x, int[] y, double[][] unseen) {}

    static Data data(int classes, int d, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[classes][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = random.nextGaussian() * 2;
            }
        }
        int n = classes * 15;
        double[][] x = new double[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < d; j++) {
                x[i][j] = centres[y[i]][j] + random.nextGaussian();
            }
        }
        double[][] unseen = new double[40][d];
        for (double[] u : unseen) {
            for (int j = 0; j < d; j++) {
                u[j] = random.nextGaussian() * 3;
            }
        }
        return new Data(x, y, unseen);
    }

    private static void assertSamePosteriors(Classifier<double[]> smile, PosteriorModel exported, Data data) {
        assertThat(exported.classes()).isEqualTo(smile.classes());
        for (double[][] set : new double[][][] {data.x(), data.unseen()}) {
            for (double[] row : set) {
                // a copy: Smile's KD-tree leaves out a training vector queried as itself (by reference),
                // and models always score freshly computed vectors
                double[] v = row.clone();
                double[] want = new double[smile.numClasses()];
                smile.predict(v, want);
                double[] got = new double[want.length];
                exported.posterior(v, got);
                assertThat(got).containsExactly(want);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void logisticRegressionIsRebuiltExactly(int classes) {
        Data data = data(classes, 8, classes);
        LogisticRegression lr =
                LogisticRegression.fit(data.x(), data.y(), new LogisticRegression.Options(0.5, 1e-5, 500));
        PosteriorModel.Logistic exported = PosteriorModel.Logistic.of(lr, 0.5);
        assertThat(exported.weights()).hasNumberOfRows(classes == 2 ? 1 : classes - 1);
        assertSamePosteriors(lr, exported, data);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void ldaIsRebuiltExactly(int classes) {
        Data data = data(classes, 6, 10 + classes);
        LDA lda = LDA.fit(data.x(), data.y());
        assertSamePosteriors(lda, PosteriorModel.Lda.of(lda), data);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 20})
    void knnIsRebuiltExactlyWithEitherSearchStructure(int dimension) {
        // Smile searches a KD-tree under 10 dimensions and a cover tree from 10 on
        Data data = data(3, dimension, dimension);
        KNN<double[]> knn = KNN.fit(data.x(), data.y(), 3);
        assertSamePosteriors(knn, new PosteriorModel.Knn(data.x(), data.y(), 3), data);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void oneVersusRestSvmsAreRebuiltExactly(int classes) {
        Data data = data(classes, 7, 20 + classes);
        int[] labels = java.util.stream.IntStream.range(0, classes).toArray();
        double[][] w = new double[classes][];
        double[] b = new double[classes];
        double[] alpha = new double[classes];
        double[] beta = new double[classes];
        LinearSVM[] machines = new LinearSVM[classes];
        PlattScaling[] platt = new PlattScaling[classes];
        for (int c = 0; c < classes; c++) {
            int[] yc = new int[data.y().length];
            for (int i = 0; i < yc.length; i++) {
                yc[i] = data.y()[i] == c ? 1 : -1;
            }
            machines[c] = SVM.fit(data.x(), yc, new SVM.Options(1.0));
            double[] scores = new double[yc.length];
            for (int i = 0; i < yc.length; i++) {
                scores[i] = machines[c].score(data.x()[i]);
            }
            platt[c] = PlattScaling.fit(scores, yc);
            w[c] = machines[c].weights().clone();
            b[c] = machines[c].intercept();
            double[] ab = SmileParameters.platt(platt[c]);
            alpha[c] = ab[0];
            beta[c] = ab[1];
        }
        LinearSvmOvr exported = new LinearSvmOvr(labels, w, b, alpha, beta);
        for (double[][] set : new double[][][] {data.x(), data.unseen()}) {
            for (double[] v : set) {
                // what the Smile-object version computed: Platt-scaled scores, normalised
                double[] want = new double[classes];
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    want[c] = platt[c].scale(machines[c].score(v));
                    sum += want[c];
                }
                for (int c = 0; c < classes; c++) {
                    want[c] = sum > 0 ? want[c] / sum : 1.0 / classes;
                }
                double[] got = new double[classes];
                exported.posterior(v, got);
                assertThat(got).containsExactly(want);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void parametersThatDoNotFitTogetherAreRefused() {
        assertThatThrownBy(() -> new PosteriorModel.Logistic(new int[] {0, 1, 2}, new double[][] {{1, 2}}, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rows");
        assertThatThrownBy(() -> new PosteriorModel.Logistic(new int[] {0, 0}, new double[][] {{1, 2}}, 0, 0))
                .hasMessageContaining("repeat");
        assertThatThrownBy(() -> new PosteriorModel.Knn(new double[][] {{1}, {2}}, new int[] {0, 1}, 3))
                .hasMessageContaining("k <=");
        assertThatThrownBy(() -> new PosteriorModel.Lda(
                        new int[] {0, 1},
                        new double[] {0.5, 0.5},
                        new double[][] {{0, 0}, {1, 1}},
                        new double[] {1},
                        new double[][] {{1}}))
                .hasMessageContaining("scaling");
        assertThatThrownBy(() -> new LinearSvmOvr(
                        new int[] {0, 1}, new double[][] {{1}, {1}}, new double[] {0}, new double[2], new double[2]))
                .hasMessageContaining("intercept");
    }
}
