package io.buddybork.recognition.model;

import java.lang.reflect.Field;
import smile.classification.LDA;
import smile.classification.PlattScaling;
import smile.tensor.DenseMatrix;
import smile.tensor.Vector;

/**
 * Reads the parameters Smile 6.3 keeps private (a fitted LDA's means and scaling, a Platt
 * scaling's two coefficients) so that they can be stored as plain numbers. Only ever applied to
 * objects this code fitted itself (or read from an old model file through the strict legacy
 * filter). The field names are Smile's; a Smile upgrade that renames them fails here with a clear
 * message, and the model tests (exported scorer versus Smile's own object) catch any change of
 * meaning. Stateless and thread-safe.
 */
final class SmileParameters {

    private SmileParameters() {}

    /** The parameters of a fitted LDA besides its public priors. */
    record LdaParameters(double[][] mu, double[] eigen, double[][] scaling) {}

    /** Most values of an LDA's scaling matrix (dimension squared; model dimensions are in the hundreds). */
    static final long MAX_LDA_SCALING = 1L << 22;

    /**
     * The means, eigenvalues and scaling of a fitted LDA. The sizes are checked against each other
     * (and a cap) before anything is copied: an LDA read from an old file may declare any.
     */
    static LdaParameters lda(LDA lda) {
        double[][] mu = (double[][]) field(LDA.class, "mu", lda);
        Vector eigen = (Vector) field(LDA.class, "eigen", lda);
        DenseMatrix scaling = (DenseMatrix) field(LDA.class, "scaling", lda);
        PosteriorModel.require(
                mu != null && mu.length > 0 && mu[0] != null && eigen != null && scaling != null,
                "the LDA lacks its parameters");
        int p = mu[0].length;
        int r = eigen.size();
        PosteriorModel.require(
                r >= 1 && r <= p && scaling.nrow() == p && scaling.ncol() == r,
                "the LDA's parameters do not fit together");
        PosteriorModel.require((long) p * r <= MAX_LDA_SCALING, "the LDA is implausibly large");
        double[] e = new double[eigen.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = eigen.get(i);
        }
        double[][] s = new double[scaling.nrow()][scaling.ncol()];
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s[i].length; j++) {
                s[i][j] = scaling.get(i, j);
            }
        }
        return new LdaParameters(PosteriorModel.copyRows(mu), e, s);
    }

    /** {@code {alpha, beta}} of {@code 1 / (1 + exp(alpha s + beta))}. */
    static double[] platt(PlattScaling platt) {
        return new double[] {
            (double) field(PlattScaling.class, "alpha", platt), (double) field(PlattScaling.class, "beta", platt)
        };
    }

    private static Object field(Class<?> type, String name, Object target) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read " + type.getSimpleName() + "." + name
                            + " of this Smile version; the model export needs updating",
                    e);
        }
    }
}
