package io.buddybork.recognition.eval;

/**
 * Wilson score intervals for a proportion (precision, recall) measured on few examples: honest
 * about "3 of 3" (95 % interval 0.44-1.00) where the plain ratio says 100 %. Stateless.
 */
public final class Wilson {

    /** z of a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {}

    /**
     * The 95 % interval {low, high} of {@code successes} out of {@code trials}; {0, 1} when there
     * were no trials (nothing is known).
     */
    public static double[] interval(long successes, long trials) {
        return interval(successes, trials, Z95);
    }

    /** The interval for a given z. */
    public static double[] interval(long successes, long trials, double z) {
        if (trials <= 0) {
            return new double[] {0, 1};
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + "/" + trials);
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /**
     * The 95 % upper bound of an event rate when {@code events} were seen in {@code exposure}
     * (e.g. false alarms in hours of background): exact for none seen (3 / exposure, the "rule of
     * three"), Wilson-Hilferty otherwise. Infinite for no exposure.
     */
    public static double poissonUpper(long events, double exposure) {
        if (exposure <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (events == 0) {
            return -Math.log(0.05) / exposure;
        }
        double k = events + 1;
        double z = 1.6448536269514722; // one-sided 95 %
        double upper = k * Math.pow(1 - 1 / (9 * k) + z / (3 * Math.sqrt(k)), 3);
        return upper / exposure;
    }
}
