package io.buddybork.recognition.feature;

/** The HTK mel scale: {@code mel = 2595 log10(1 + f / 700)}. Stateless and thread-safe. */
public final class MelScale {

    private MelScale() {}

    /** Hertz to mel. */
    public static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    /** Mel to hertz. */
    public static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }
}
