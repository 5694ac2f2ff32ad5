package io.buddybork.recognition.eval;

import io.buddybork.recognition.model.ModelMetrics;
import io.buddybork.recognition.model.PrCurve;
import io.buddybork.recognition.model.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open-set evaluation metrics of test predictions. Immutable.
 *
 * <p>Classes are the K known tags plus "unknown" (index K). Open-set macro-F1 averages the F1 of
 * all K+1 classes. Closed-set accuracy only looks at test clips of known tags and takes the tag with
 * the highest score, thresholds ignored. AUROC separates known-tag clips (positive) from unknown
 * clips by the best known-tag score (ties count one half).
 *
 * @param tags known tags
 * @param confusion (K+1)x(K+1) counts, rows = truth, columns = prediction, unknown last
 * @param precision per class (K+1)
 * @param recall per class
 * @param f1 per class
 * @param support true count per class
 * @param openSetMacroF1 mean F1 over the K+1 classes
 * @param closedSetAccuracy accuracy of the best-scoring tag on known-tag clips
 * @param auroc known-vs-unknown AUROC of the best known-tag score (NaN without both kinds)
 * @param testCurves per-tag PR curves on the test clips
 */
public record OpenSetMetrics(
        List<String> tags,
        int[][] confusion,
        double[] precision,
        double[] recall,
        double[] f1,
        int[] support,
        double openSetMacroF1,
        double closedSetAccuracy,
        double auroc,
        List<PrCurve> testCurves) {

    /** Name of the extra class. */
    public static final String UNKNOWN = "unknown";

    /**
     * Computes the metrics.
     *
     * @param truth tag index per clip, or -1 when its label is no known tag
     */
    public static OpenSetMetrics compute(List<String> tags, int[] truth, List<Prediction> predictions) {
        int k = tags.size();
        int[][] confusion = new int[k + 1][k + 1];
        int closedRight = 0;
        int closedTotal = 0;
        List<Double> knownScores = new ArrayList<>();
        List<Double> unknownScores = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            Prediction p = predictions.get(i);
            int row = truth[i] < 0 ? k : truth[i];
            int col = p.known() ? tags.indexOf(p.bestTag()) : k;
            confusion[row][col]++;
            double best = p.tagScores().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(0);
            if (truth[i] >= 0) {
                closedTotal++;
                if (tags.get(truth[i]).equals(argmax(tags, p.tagScores()))) {
                    closedRight++;
                }
                knownScores.add(best);
            } else {
                unknownScores.add(best);
            }
        }
        double[] precision = new double[k + 1];
        double[] recall = new double[k + 1];
        double[] f1 = new double[k + 1];
        int[] support = new int[k + 1];
        double macro = 0;
        for (int c = 0; c <= k; c++) {
            int tp = confusion[c][c];
            int predicted = 0;
            int actual = 0;
            for (int j = 0; j <= k; j++) {
                predicted += confusion[j][c];
                actual += confusion[c][j];
            }
            precision[c] = predicted == 0 ? 0 : (double) tp / predicted;
            recall[c] = actual == 0 ? 0 : (double) tp / actual;
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            support[c] = actual;
            macro += f1[c];
        }
        List<PrCurve> curves = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            double[] s = new double[truth.length];
            boolean[] pos = new boolean[truth.length];
            for (int i = 0; i < truth.length; i++) {
                s[i] = predictions.get(i).tagScores().get(tags.get(t));
                pos[i] = truth[i] == t;
            }
            curves.add(PrCurve.of(s, pos));
        }
        return new OpenSetMetrics(
                List.copyOf(tags),
                confusion,
                precision,
                recall,
                f1,
                support,
                macro / (k + 1),
                closedTotal == 0 ? Double.NaN : (double) closedRight / closedTotal,
                auroc(knownScores, unknownScores),
                curves);
    }

    private static String argmax(List<String> tags, Map<String, Double> scores) {
        String best = tags.get(0);
        for (String t : tags) {
            if (scores.get(t) > scores.get(best)) {
                best = t;
            }
        }
        return best;
    }

    /** Mann-Whitney AUROC: P(score of a positive > score of a negative), ties one half. */
    public static double auroc(List<Double> positives, List<Double> negatives) {
        if (positives.isEmpty() || negatives.isEmpty()) {
            return Double.NaN;
        }
        double wins = 0;
        for (double p : positives) {
            for (double n : negatives) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.size() * negatives.size());
    }

    /** Class names, unknown last. */
    public List<String> classes() {
        List<String> c = new ArrayList<>(tags);
        c.add(UNKNOWN);
        return c;
    }

    /** Per class (tags, then unknown): precision, recall, F1 (empty when not a number) and support. */
    public Map<String, ModelMetrics.TagFigures> figures() {
        Map<String, ModelMetrics.TagFigures> out = new LinkedHashMap<>();
        perTag().forEach((c, s) ->
                out.put(c, ModelMetrics.TagFigures.of(s.precision(), s.recall(), s.f1(), s.support())));
        return out;
    }

    /** Per class (tags, then unknown): precision, recall, F1 and support as measured. */
    public Map<String, ClassScores> perTag() {
        Map<String, ClassScores> out = new LinkedHashMap<>();
        List<String> classes = classes();
        for (int c = 0; c < classes.size(); c++) {
            out.put(classes.get(c), new ClassScores(precision[c], recall[c], f1[c], support[c]));
        }
        return out;
    }

    /**
     * The test figures of one class, as measured (NaN where nothing was predicted or present).
     *
     * @param precision share of the class's predictions that were right
     * @param recall share of the class's clips caught
     * @param f1 harmonic mean of the two
     * @param support test clips of the class
     */
    public record ClassScores(double precision, double recall, double f1, int support) {}
}
