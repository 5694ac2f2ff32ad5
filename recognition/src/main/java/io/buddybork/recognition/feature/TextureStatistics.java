package io.buddybork.recognition.feature;

import be.tarsos.dsp.util.fft.FFT;
import io.buddybork.recognition.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * The sound-texture stage ({@code texture}): summary statistics of subband envelopes in the manner
 * of McDermott and Simoncelli's texture statistics, which tell steady textures apart (rain from
 * frying, a chainsaw from a helicopter, waves from wind) where the spectral means and cepstra of
 * {@link HandcraftedStatistics} do not. Per group of mel bands: the envelope's coefficient of
 * variation, skewness and log kurtosis, its periodicity (the highest autocorrelation at lags of
 * 0.1-1 s, and that lag: a clock's ticks repeat, a bark does not) and its modulation spectrum as the
 * share of power in six octave-wide modulation bands (0.5-43 Hz); the correlation of every pair of
 * group envelopes; the same for the broadband envelope. Every entry is invariant to the
 * recording level, so distance to the microphone does not move it.
 *
 * <p>Computed from the log-mel frames of the statistics stage (same framing, every frame: a
 * texture is defined by its quiet moments as much as by its loud ones). Stateless apart from
 * immutable configuration; thread-safe.
 */
public final class TextureStatistics implements Embedder {

    /** Stage name in {@link FeatureConfig#stages()}. */
    public static final String STAGE = "texture";

    /** Code version of the stage, part of its identity (2: with the envelope periodicity). */
    static final int VERSION = 2;

    /** Mel bands per envelope group; the 40 default bands give 5 groups. */
    static final int BANDS_PER_GROUP = 8;

    /** Lower edges of the modulation bands in Hz; the last band ends at the frame rate's Nyquist. */
    static final double[] MODULATION_EDGES_HZ = {0.5, 1.5, 3, 6, 12, 24};

    private static final double EPS = 1e-12;

    /** Envelope compression: amplitude^0.3, the cochlea-like compression of texture models. */
    private static final double COMPRESSION = 0.3;

    private final HandcraftedStatistics statistics;
    private final int groups;
    private final List<String> names;

    /** Creates the stage on the framing of a configuration's statistics stage. */
    public TextureStatistics(HandcraftedStatistics statistics) {
        this.statistics = statistics;
        this.groups = Math.max(1, statistics.config().melBands() / BANDS_PER_GROUP);
        this.names = names(groups);
    }

    /** Entry names for a configuration. */
    static List<String> names(FeatureConfig config) {
        return names(Math.max(1, config.melBands() / BANDS_PER_GROUP));
    }

    private static List<String> names(int groups) {
        List<String> n = new ArrayList<>();
        for (int g = 0; g <= groups; g++) {
            String p = g == groups ? "texture_all_" : "texture_g" + g + "_";
            n.add(p + "cv");
            n.add(p + "skew");
            n.add(p + "logkurt");
            n.add(p + "periodicity");
            n.add(p + "period");
            for (double edge : MODULATION_EDGES_HZ) {
                n.add(p + "mod" + (edge < 1 ? "0" + (int) (edge * 10) : String.valueOf((int) edge)));
            }
        }
        for (int a = 0; a < groups; a++) {
            for (int b = a + 1; b < groups; b++) {
                n.add("texture_corr_g" + a + "_g" + b);
            }
        }
        return List.copyOf(n);
    }

    /** The stage's identity, for fingerprints (known without building the stage). */
    static String stageIdentity() {
        return STAGE + VERSION;
    }

    @Override
    public String identity() {
        return stageIdentity();
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public float[] embed(short[] pcm, int offset, int length, int sampleRate) {
        short[] part =
                offset == 0 && length == pcm.length ? pcm : java.util.Arrays.copyOfRange(pcm, offset, offset + length);
        FrameFeatures frames = statistics.frames(part, sampleRate);
        double frameRate = sampleRate / (double) statistics.config().hopSize(sampleRate);
        return texture(frames.logMel(), frameRate);
    }

    /** The texture vector of log-mel frames ({@code [frame][band]}, dB) at a frame rate in Hz. */
    float[] texture(float[][] logMel, double frameRate) {
        int frames = logMel.length;
        int bands = logMel.length == 0 ? 0 : logMel[0].length;
        double[][] env = new double[groups + 1][frames];
        for (int t = 0; t < frames; t++) {
            double all = 0;
            for (int g = 0; g < groups; g++) {
                double power = 0;
                int from = g * BANDS_PER_GROUP;
                int to = g == groups - 1 ? bands : from + BANDS_PER_GROUP;
                for (int m = from; m < to; m++) {
                    power += Math.pow(10.0, logMel[t][m] / 10.0);
                }
                all += power;
                // power^(0.3 / 2) = amplitude^0.3
                env[g][t] = Math.pow(power, COMPRESSION / 2);
            }
            env[groups][t] = Math.pow(all, COMPRESSION / 2);
        }
        float[] out = new float[names.size()];
        int o = 0;
        int fftSize = Integer.highestOneBit(Math.max(2, frames - 1)) << 1;
        FFT fft = new FFT(fftSize);
        float[] buf = new float[fftSize];
        float[] window = hann(frames);
        double[] mean = new double[groups + 1];
        double[] squares = new double[groups + 1];
        for (int g = 0; g <= groups; g++) {
            mean[g] = mean(env[g]);
            squares[g] = squaredDeviations(env[g], mean[g]);
            o = marginals(env[g], mean[g], squares[g], out, o);
            o = periodicity(env[g], mean[g], squares[g], frameRate, out, o);
            o = modulation(env[g], mean[g], frameRate, fft, buf, window, out, o);
        }
        for (int a = 0; a < groups; a++) {
            for (int b = a + 1; b < groups; b++) {
                out[o++] = (float) correlation(env[a], mean[a], squares[a], env[b], mean[b], squares[b]);
            }
        }
        assert o == out.length : o + " != " + out.length;
        return out;
    }

    private static double mean(double[] e) {
        double sum = 0;
        for (double v : e) {
            sum += v;
        }
        return sum / e.length;
    }

    /** Sum of squared deviations from the mean: the variance, periodicity and correlations share it. */
    private static double squaredDeviations(double[] e, double mean) {
        double sum = 0;
        for (double v : e) {
            double d = v - mean;
            sum += d * d;
        }
        return sum;
    }

    /**
     * Coefficient of variation, skewness and log kurtosis (from the envelope's mean and sum of
     * squared deviations); zeros for a constant envelope.
     */
    private static int marginals(double[] e, double mean, double squares, float[] out, int o) {
        int n = e.length;
        double m3 = 0;
        double m4 = 0;
        for (double v : e) {
            double d = v - mean;
            double d2 = d * d;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        double m2 = squares / n;
        m3 /= n;
        m4 /= n;
        if (mean <= EPS || m2 <= EPS * mean * mean) {
            out[o] = 0f;
            out[o + 1] = 0f;
            out[o + 2] = 0f;
            return o + 3;
        }
        double sd = Math.sqrt(m2);
        out[o] = (float) (sd / mean);
        out[o + 1] = (float) (m3 / (m2 * sd));
        out[o + 2] = (float) Math.log(m4 / (m2 * m2));
        return o + 3;
    }

    /**
     * Share of the envelope's modulation power (mean removed, Hann-windowed) in each modulation
     * band, as log10(share + 1e-4) so small shares still separate; equal shares when there is no
     * modulation at all.
     */
    private static int modulation(
            double[] e, double mean, double frameRate, FFT fft, float[] buf, float[] window, float[] out, int o) {
        int n = e.length;
        java.util.Arrays.fill(buf, 0f);
        for (int t = 0; t < n; t++) {
            buf[t] = (float) ((e[t] - mean) * window[t]);
        }
        fft.forwardTransform(buf);
        int size = buf.length;
        int bins = size / 2 + 1;
        int bandsCount = MODULATION_EDGES_HZ.length;
        double[] power = new double[bandsCount];
        double total = 0;
        for (int k = 1; k < bins; k++) {
            double p;
            if (k == bins - 1) {
                p = buf[1] * buf[1];
            } else {
                p = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
            }
            double hz = k * frameRate / size;
            int band = -1;
            for (int b = bandsCount - 1; b >= 0; b--) {
                if (hz >= MODULATION_EDGES_HZ[b]) {
                    band = b;
                    break;
                }
            }
            if (band >= 0) {
                power[band] += p;
                total += p;
            }
        }
        for (int b = 0; b < bandsCount; b++) {
            double share = total <= EPS ? 1.0 / bandsCount : power[b] / total;
            out[o++] = (float) Math.log10(share + 1e-4);
        }
        return o;
    }

    /** Highest normalised autocorrelation at lags 0.1-1 s, and log10 of its lag in seconds. */
    private static int periodicity(double[] e, double mean, double squares, double frameRate, float[] out, int o) {
        int n = e.length;
        int minLag = Math.max(1, (int) Math.round(0.1 * frameRate));
        int maxLag = Math.min(n / 2, (int) Math.round(1.0 * frameRate));
        double best = 0;
        int bestLag = 0;
        if (squares > EPS) {
            for (int lag = minLag; lag <= maxLag; lag++) {
                double c = 0;
                for (int t = 0; t + lag < n; t++) {
                    c += (e[t] - mean) * (e[t + lag] - mean);
                }
                c = c / squares * n / (n - lag);
                if (c > best) {
                    best = c;
                    bestLag = lag;
                }
            }
        }
        out[o] = (float) best;
        out[o + 1] = bestLag == 0 ? 0f : (float) Math.log10(bestLag / frameRate);
        return o + 2;
    }

    private static double correlation(double[] a, double ma, double saa, double[] b, double mb, double sbb) {
        int n = a.length;
        double sab = 0;
        for (int t = 0; t < n; t++) {
            sab += (a[t] - ma) * (b[t] - mb);
        }
        double den = Math.sqrt(saa * sbb);
        return den <= EPS ? 0 : sab / den;
    }

    private static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = n == 1 ? 1f : (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        return w;
    }
}
