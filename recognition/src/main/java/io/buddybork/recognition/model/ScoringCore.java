package io.buddybork.recognition.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * projected training examples the distance scores need. Everything it holds is plain numbers
 * ({@link State}), which is what a model file stores. Immutable after fitting; thread-safe.
 */
final class ScoringCore {

    private static final int SIGMA_SAMPLE = 400;
    /** Background vectors kept for the background-relative scores (a seeded sample beyond this). */
    static final int MAX_BACKGROUND_POINTS = 2_000;
    /** Clips per tag whose leave-one-out scores make its typical score (evenly spaced beyond this). */
    static final int MAX_TYPICAL_GROUPS = 64;
    /** Seed of the whole-set fit the typical scores come from. */
    private static final long TYPICALITY_SEED = 0x7E11CA1L;
    /** Weight of the identity in the whitening covariance ({@code BACKGROUND_WHITEN}). */
    static final double WHITEN_SHRINKAGE = 0.5;
    /** Smallest background scale of a column, relative to its overall spread ({@code BACKGROUND}). */
    static final double BACKGROUND_STD_FLOOR = 0.1;

    private final ModelConfig config;
    private final int tagCount;
    private final int[] columns;
    private final double[] mean;
    private final double[] invStd;
    /** Lower Cholesky factor of the shrunk background covariance ({@code BACKGROUND_WHITEN}), else null. */
    private final double[][] whitening;

    private final double[][] projection;
    private final double[] offset;
    /** The classifier's posteriors; null when the score function needs none or one tag is known. */
    private final PosteriorModel classifier;

    private final int soleTag;
    private final double[][][] tagPoints;
    private final double[][] backgroundPoints;
    private final double sigma;
    private final double[][] prototypes;
    /** Per tag, the typical (leave-one-clip-out) score of its own examples; null without typicality. */
    private final double[] typical;

    /** The stored examples with their window columns (what a model file keeps). */
    private final double[][][] storedTagPoints;

    private final double[][] storedBackgroundPoints;
    /** Positions in a projected vector of the clip-level columns; null without window matching. */
    private final int[] clipIdx;
    /** Per window slot, the position of each embedding dimension (-1: dropped column); null without. */
    private final int[][] slotIdx;
    /** Per embedding dimension, the centre and inverse scale shared by every window slot; null without. */
    private final double[] windowMean;

    private final double[] windowInvStd;
    /** Per tag, every window of its examples, unit length; null without window matching. */
    private final double[][][] tagWindows;
    /** Every window of the background examples, unit length; null without window matching. */
    private final double[][] backgroundWindows;
    /** Per view (feature stage), its positions in a clip-level vector; null without views. */
    private final int[][] viewIdx;
    /** Per view, the background examples restricted to it; null without views. */
    private final double[][][] viewBackground;

    private ScoringCore(
            ModelConfig config,
            int tagCount,
            int[] columns,
            double[] mean,
            double[] invStd,
            double[][] whitening,
            double[][] projection,
            double[] offset,
            PosteriorModel classifier,
            int soleTag,
            double[][][] tagPoints,
            double[][] backgroundPoints,
            double sigma,
            int[][] tagGroups,
            boolean[][] tagScored,
            double[] typicalOfFullSet,
            int[][] slotIdx,
            int[] columnView) {
        this.config = config;
        this.tagCount = tagCount;
        this.columns = columns;
        this.mean = mean;
        this.invStd = invStd;
        this.whitening = whitening;
        this.projection = projection;
        this.offset = offset;
        this.classifier = classifier;
        this.soleTag = soleTag;
        this.storedTagPoints = tagPoints;
        this.storedBackgroundPoints = backgroundPoints;
        this.slotIdx = slotIdx;
        if (slotIdx != null) {
            int d = mean.length;
            boolean[] window = new boolean[d];
            for (int[] slot : slotIdx) {
                for (int i : slot) {
                    if (i >= 0) {
                        window[i] = true;
                    }
                }
            }
            this.clipIdx = java.util.stream.IntStream.range(0, d)
                    .filter(i -> !window[i])
                    .toArray();
            // The slots' columns were standardised each on its own; a sound must look the same in every
            // slot, so windows are re-standardised with statistics pooled over the slots.
            int dim = slotIdx[0].length;
            this.windowMean = new double[dim];
            this.windowInvStd = new double[dim];
            for (int i = 0; i < dim; i++) {
                double m = 0;
                int n = 0;
                for (int[] slot : slotIdx) {
                    if (slot[i] >= 0) {
                        m += mean[slot[i]];
                        n++;
                    }
                }
                m = n == 0 ? 0 : m / n;
                double var = 0;
                for (int[] slot : slotIdx) {
                    if (slot[i] >= 0) {
                        double sd = 1 / invStd[slot[i]];
                        var += sd * sd + (mean[slot[i]] - m) * (mean[slot[i]] - m);
                    }
                }
                windowMean[i] = m;
                windowInvStd[i] = n == 0 || var <= 0 ? 0 : 1 / Math.sqrt(var / n);
            }
            this.tagWindows = new double[tagPoints.length][][];
            double[][][] clipTags = new double[tagPoints.length][][];
            for (int t = 0; t < tagPoints.length; t++) {
                clipTags[t] = new double[tagPoints[t].length][];
                List<double[]> wins = new ArrayList<>();
                for (int i = 0; i < tagPoints[t].length; i++) {
                    clipTags[t][i] = pick(tagPoints[t][i], clipIdx);
                    wins.addAll(windows(tagPoints[t][i], slotIdx));
                }
                tagWindows[t] = wins.toArray(new double[0][]);
            }
            double[][] clipBg = new double[backgroundPoints.length][];
            List<double[]> bgWins = new ArrayList<>();
            for (int i = 0; i < backgroundPoints.length; i++) {
                clipBg[i] = pick(backgroundPoints[i], clipIdx);
                bgWins.addAll(windows(backgroundPoints[i], slotIdx));
            }
            this.backgroundWindows = bgWins.toArray(new double[0][]);
            this.tagPoints = clipTags;
            this.backgroundPoints = clipBg;
        } else {
            this.clipIdx = null;
            this.windowMean = null;
            this.windowInvStd = null;
            this.tagWindows = null;
            this.backgroundWindows = null;
            this.tagPoints = tagPoints;
            this.backgroundPoints = backgroundPoints;
        }
        this.sigma = sigma;
        this.viewIdx = columnView == null ? null : viewPositions(columnView, clipIdx);
        if (viewIdx != null) {
            viewBackground = new double[viewIdx.length][this.backgroundPoints.length][];
            for (int v = 0; v < viewIdx.length; v++) {
                for (int i = 0; i < this.backgroundPoints.length; i++) {
                    viewBackground[v][i] = pick(this.backgroundPoints[i], viewIdx[v]);
                }
            }
        } else {
            viewBackground = null;
        }
        this.prototypes = new double[tagPoints.length][];
        for (int t = 0; t < tagPoints.length; t++) {
            prototypes[t] = mean(tagPoints[t]);
        }
        this.typical = !usesTypical(config, soleTag)
                ? null
                : typicalOfFullSet != null ? typicalOfFullSet : typicalScores(tagGroups, tagScored);
    }

    /** Whether a core of this configuration makes its prototype scores relative to typical scores. */
    private static boolean usesTypical(ModelConfig config, int soleTag) {
        boolean prototypeScore = config.score() == ModelConfig.ScoreFunction.COSINE
                || config.score() == ModelConfig.ScoreFunction.COSINE_BACKGROUND;
        return config.typicality() != 0 && prototypeScore && soleTag < 0;
    }

    /**
     * Everything a core holds, as plain numbers: what a model file stores. Optional parts are null:
     * {@code whitening} without background whitening, {@code projection} and {@code offset} without a
     * projector, {@code classifier} when the score needs no posterior or one tag is known,
     * {@code typical} without typicality.
     */
    record State(
            ModelConfig config,
            int tagCount,
            int[] columns,
            double[] mean,
            double[] invStd,
            double[][] whitening,
            double[][] projection,
            double[] offset,
            PosteriorModel classifier,
            int soleTag,
            double[][][] tagPoints,
            double[][] backgroundPoints,
            double sigma,
            double[] typical) {}

    /** This core's state (shared arrays: callers must not modify them). */
    State state() {
        return new State(
                config,
                tagCount,
                columns,
                mean,
                invStd,
                whitening,
                projection,
                offset,
                classifier,
                soleTag,
                storedTagPoints,
                storedBackgroundPoints,
                sigma,
                typical);
    }

    /**
     * A core from its state, as read from a model file. Checks that every part fits the others, so
     * that scoring can never index outside an array.
     *
     * @param featureDimension the length of the feature vectors the core will be given
     * @throws IllegalArgumentException naming the first part that does not fit
     */
    static ScoringCore restore(State s, int featureDimension) {
        return restore(s, featureDimension, null);
    }

    /**
     * A core from its state, with the names of the feature vector's entries (which place the window
     * columns of window matching; null: none).
     */
    static ScoringCore restore(State s, int featureDimension, List<String> featureNames) {
        PosteriorModel.require(s.config() != null, "the core has no configuration");
        int k = s.tagCount();
        PosteriorModel.require(k >= 1, "the core has no tags");
        int d = s.columns() == null ? 0 : s.columns().length;
        PosteriorModel.require(d >= 1, "the core uses no feature columns");
        for (int c : s.columns()) {
            PosteriorModel.require(c >= 0 && c < featureDimension, "feature column " + c + " is out of range");
        }
        PosteriorModel.require(
                s.mean() != null && s.mean().length == d && s.invStd() != null && s.invStd().length == d,
                "the standardiser needs one mean and scale per column");
        if (s.whitening() != null) {
            PosteriorModel.copyMatrix(s.whitening(), d, d, "the whitening matrix");
        }
        PosteriorModel.require((s.projection() == null) == (s.offset() == null), "a projection needs its offset");
        int q = d;
        if (s.projection() != null) {
            q = s.offset().length;
            PosteriorModel.require(q >= 1, "the projection has no output");
            PosteriorModel.copyMatrix(s.projection(), q, d, "the projection");
        }
        PosteriorModel.require(s.soleTag() >= -1 && s.soleTag() < k, "the sole tag is out of range");
        PosteriorModel.require(
                (s.classifier() != null) == (s.soleTag() < 0 && s.config().needsClassifier()),
                "the classifier does not fit the score function");
        if (s.classifier() != null) {
            PosteriorModel.require(s.classifier().inputDimension() == q, "the classifier expects another dimension");
            for (int c : s.classifier().classes()) {
                PosteriorModel.require(c < k, "the classifier knows a class beyond the tags");
            }
        }
        PosteriorModel.require(s.tagPoints() != null && s.tagPoints().length == k, "need the examples of every tag");
        for (double[][] pts : s.tagPoints()) {
            PosteriorModel.require(pts != null, "need the examples of every tag");
            PosteriorModel.copyMatrix(pts, pts.length, q, "the tag examples");
        }
        PosteriorModel.require(s.backgroundPoints() != null, "the background examples are missing");
        PosteriorModel.copyMatrix(s.backgroundPoints(), s.backgroundPoints().length, q, "the background examples");
        PosteriorModel.require(Double.isFinite(s.sigma()) && s.sigma() > 0, "the distance scale must be positive");
        boolean typical = usesTypical(s.config(), s.soleTag());
        PosteriorModel.require(
                typical ? s.typical() != null && s.typical().length == k : s.typical() == null,
                "the typical scores do not fit the configuration");
        return new ScoringCore(
                s.config(),
                k,
                s.columns(),
                s.mean(),
                s.invStd(),
                s.whitening(),
                s.projection(),
                s.offset(),
                s.classifier(),
                s.soleTag(),
                s.tagPoints(),
                s.backgroundPoints(),
                s.sigma(),
                null,
                null,
                s.typical(),
                slots(s.config(), s.columns(), s.projection(), featureNames),
                columnViews(s.config(), s.columns(), s.projection(), featureNames));
    }

    /**
     * Per column of the standardised vector, the view (feature stage) it belongs to: 0 the hand-made
     * statistics, then each embedding stage in order of appearance; window columns -1. Null when views
     * are off, the names are unknown, a projection mixes the columns, or there is a single view.
     */
    static int[] columnViews(ModelConfig config, int[] columns, double[][] projection, List<String> names) {
        if (config.views() == ModelConfig.Views.NONE
                || names == null
                || projection != null
                || config.normalisation() == ModelConfig.Normalisation.BACKGROUND_WHITEN) {
            return null;
        }
        java.util.Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        ids.put("", 0);
        int[] out = new int[columns.length];
        for (int j = 0; j < columns.length; j++) {
            if (columns[j] >= names.size()) {
                return null;
            }
            String name = names.get(columns[j]);
            if (name.startsWith(io.buddybork.recognition.embedding.SpeechEmbedder.BAG_PREFIX)) {
                out[j] = -1;
                continue;
            }
            int colon = name.indexOf(':');
            String stage = colon < 0 ? "" : name.substring(0, colon);
            out[j] = ids.computeIfAbsent(stage, s -> ids.size());
        }
        return ids.size() < 2 ? null : out;
    }

    /** Per view, its positions in the clip-level vector ({@code clipIdx}: its columns, null = all). */
    private static int[][] viewPositions(int[] columnView, int[] clipIdx) {
        int n = clipIdx == null ? columnView.length : clipIdx.length;
        int views = Arrays.stream(columnView).max().orElse(-1) + 1;
        List<List<Integer>> members = new ArrayList<>();
        for (int v = 0; v < views; v++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            int v = columnView[clipIdx == null ? i : clipIdx[i]];
            if (v >= 0) {
                members.get(v).add(i);
            }
        }
        return members.stream()
                .filter(m -> !m.isEmpty())
                .map(m -> m.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /**
     * The background-relative prototype score of clip-level vector {@code z} against prototype
     * {@code p}, per view, combined as configured.
     */
    private double viewScore(double[] z, double[] p) {
        double combined = config.views() == ModelConfig.Views.MIN ? Double.POSITIVE_INFINITY : 0;
        for (int v = 0; v < viewIdx.length; v++) {
            double[] zv = pick(z, viewIdx[v]);
            double bg = viewBackground[v].length == 0 ? 0.5 : topCosine(zv, viewBackground[v], config.knnK());
            double s = (1 + cosineScore(zv, pick(p, viewIdx[v])) - bg) / 2;
            combined = config.views() == ModelConfig.Views.MIN ? Math.min(combined, s) : combined + s / viewIdx.length;
        }
        return combined;
    }

    /**
     * Per window slot of the {@code oww-speech-windows} stage, the position of each embedding
     * dimension among {@code columns} (-1 where that column was dropped as constant); null when
     * nothing is known of the names, a projection mixes the columns, or the vector has no window
     * columns. Window columns never enter the clip-level scores: they only serve window matching.
     */
    static int[][] slots(ModelConfig config, int[] columns, double[][] projection, List<String> names) {
        if (names == null
                || projection != null
                || config.normalisation() == ModelConfig.Normalisation.BACKGROUND_WHITEN) {
            return null;
        }
        String prefix = io.buddybork.recognition.embedding.SpeechEmbedder.BAG_PREFIX + "w";
        int dim = io.buddybork.recognition.embedding.SpeechEmbedder.DIMENSION;
        int[][] out = new int[io.buddybork.recognition.embedding.SpeechEmbedder.BAG_WINDOWS][dim];
        for (int[] row : out) {
            Arrays.fill(row, -1);
        }
        boolean any = false;
        for (int j = 0; j < columns.length; j++) {
            if (columns[j] >= names.size()) {
                return null;
            }
            String name = names.get(columns[j]);
            if (name.startsWith(prefix)) {
                int us = name.indexOf('_', prefix.length());
                out[Integer.parseInt(name.substring(prefix.length(), us))][Integer.parseInt(name.substring(us + 1))] =
                        j;
                any = true;
            }
        }
        return any ? out : null;
    }

    private static double[] pick(double[] z, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = z[idx[i]];
        }
        return out;
    }

    /**
     * The windows of a (standardised, unprojected) vector, standardised with the statistics shared by
     * all slots and scaled to unit length (zero windows stay zero).
     */
    private List<double[]> windows(double[] z, int[][] slotIdx) {
        List<double[]> out = new ArrayList<>(slotIdx.length);
        for (int[] slot : slotIdx) {
            double[] w = new double[slot.length];
            double norm = 0;
            for (int i = 0; i < slot.length; i++) {
                int c = slot[i];
                w[i] = c < 0 || invStd[c] == 0 ? 0 : ((z[c] / invStd[c] + mean[c]) - windowMean[i]) * windowInvStd[i];
                norm += w[i] * w[i];
            }
            norm = Math.sqrt(norm);
            if (norm > 0) {
                for (int i = 0; i < w.length; i++) {
                    w[i] /= norm;
                }
            }
            out.add(w);
        }
        return out;
    }

    /**
     * Mean over the query's windows of the best cosine score ({@code (1 + cos) / 2}) to any of
     * {@code stored} (0.5 without stored windows).
     */
    static double bagMatch(List<double[]> query, double[][] stored) {
        if (stored.length == 0) {
            return 0.5;
        }
        double sum = 0;
        for (double[] q : query) {
            double best = -1;
            for (double[] w : stored) {
                double dot = 0;
                for (int i = 0; i < q.length; i++) {
                    dot += q[i] * w[i];
                }
                best = Math.max(best, dot);
            }
            sum += (1 + best) / 2;
        }
        return sum / query.size();
    }

    /** Combines clip-level scores with the window scores of the full projected vector {@code z}. */
    private double[] withWindows(double[] clipScores, double[] z) {
        List<double[]> query = windows(z, slotIdx);
        double bg = bagMatch(query, backgroundWindows);
        double w = config.windowMatch();
        double[] out = new double[clipScores.length];
        for (int t = 0; t < out.length; t++) {
            double win = tagWindows[t].length == 0 ? 0 : (1 + bagMatch(query, tagWindows[t]) - bg) / 2;
            out[t] = (1 - w) * clipScores[t] + w * win;
        }
        return out;
    }

    /** Whether scores add window matching (configured, window columns present, background-relative score). */
    private boolean matchesWindows() {
        return slotIdx != null
                && config.windowMatch() > 0
                && config.score() == ModelConfig.ScoreFunction.COSINE_BACKGROUND
                && soleTag < 0;
    }

    /** The clip-level part of a projected vector (all of it without window matching). */
    private double[] clipPart(double[] z) {
        return clipIdx == null ? z : pick(z, clipIdx);
    }

    /** The plain prototype score of {@code z} against prototype {@code p} (COSINE or COSINE_BACKGROUND). */
    private double prototypeScore(double[] z, double[] p, int tag) {
        if (config.score() == ModelConfig.ScoreFunction.COSINE) {
            return cosineScore(z, p);
        }
        if (viewIdx != null) {
            return viewScore(z, p);
        }
        double bg;
        if (config.rivals() > 0) {
            double[] bgTop = topScores(z, backgroundPoints, config.knnK());
            bg = (1 - config.rivals()) * meanOrHalf(bgTop) + config.rivals() * rivalSimilarity(z, bgTop)[tag];
        } else {
            bg = backgroundPoints.length == 0 ? 0.5 : topCosine(z, backgroundPoints, config.knnK());
        }
        return (1 + cosineScore(z, p) - bg) / 2;
    }

    /**
     * Per tag, the mean cosine score of the k examples most similar to {@code z} among the background
     * and the other tags' examples: the tag's background when every other tag counts as "not it".
     * Without any such example (0.5: as far as a right angle). {@code bgTop}: the background's top
     * scores ({@link #topScores}), which the caller needs anyway.
     */
    double[] rivalSimilarity(double[] z, double[] bgTop) {
        int k = config.knnK();
        double[][] tagTop = new double[tagCount][];
        for (int u = 0; u < tagCount; u++) {
            tagTop[u] = topScores(z, tagPoints[u], k);
        }
        double[] out = new double[tagCount];
        for (int t = 0; t < tagCount; t++) {
            double[] pool = bgTop;
            for (int u = 0; u < tagCount; u++) {
                if (u != t) {
                    double[] merged = Arrays.copyOf(pool, pool.length + tagTop[u].length);
                    System.arraycopy(tagTop[u], 0, merged, pool.length, tagTop[u].length);
                    pool = merged;
                }
            }
            if (pool.length == 0) {
                out[t] = 0.5;
                continue;
            }
            Arrays.sort(pool);
            int kk = Math.min(k, pool.length);
            double sum = 0;
            for (int i = pool.length - kk; i < pool.length; i++) {
                sum += pool[i];
            }
            out[t] = sum / kk;
        }
        return out;
    }

    /**
     * The mean of {@code top} (the same sum, in the same order, as {@link #topCosine}), 0.5 when empty
     * (no background).
     */
    private static double meanOrHalf(double[] top) {
        if (top.length == 0) {
            return 0.5;
        }
        double sum = 0;
        for (double v : top) {
            sum += v;
        }
        return sum / top.length;
    }

    /** The (at most) {@code k} highest cosine scores of {@code z} to {@code points}, ascending. */
    private static double[] topScores(double[] z, double[][] points, int k) {
        double[] c = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            c[i] = cosineScore(z, points[i]);
        }
        Arrays.sort(c);
        return Arrays.copyOfRange(c, Math.max(0, c.length - k), c.length);
    }

    /**
     * Per tag, the mean plain score of its (recorded) examples against the prototype of its other
     * clips (at most {@link #MAX_TYPICAL_GROUPS} clips per tag are scored, evenly spaced, so that
     * training stays cheap with hundreds of examples). A tag with a single clip has no such score:
     * it gets the mean of the other tags' (none: 0.5, the score of a segment exactly as similar to
     * the tag as to the background).
     */
    private double[] typicalScores(int[][] tagGroups, boolean[][] tagScored) {
        double[] out = new double[tagPoints.length];
        boolean[] known = new boolean[tagPoints.length];
        for (int t = 0; t < tagPoints.length; t++) {
            double[][] pts = tagPoints[t];
            if (pts.length == 0) {
                continue;
            }
            int d = pts[0].length;
            double[] total = new double[d];
            java.util.Map<Integer, List<Integer>> members = new java.util.LinkedHashMap<>();
            for (int i = 0; i < pts.length; i++) {
                for (int j = 0; j < d; j++) {
                    total[j] += pts[i][j];
                }
                members.computeIfAbsent(tagGroups[t][i], g -> new ArrayList<>()).add(i);
            }
            List<List<Integer>> groups = new ArrayList<>(members.values());
            int scoredGroups = Math.min(groups.size(), MAX_TYPICAL_GROUPS);
            double sum = 0;
            int n = 0;
            for (int s = 0; s < scoredGroups; s++) {
                List<Integer> group = groups.get((int) ((long) s * groups.size() / scoredGroups));
                int restCount = pts.length - group.size();
                if (restCount == 0) {
                    continue;
                }
                double[] rest = total.clone();
                for (int i : group) {
                    for (int j = 0; j < d; j++) {
                        rest[j] -= pts[i][j];
                    }
                }
                for (int j = 0; j < d; j++) {
                    rest[j] /= restCount;
                }
                for (int i : group) {
                    if (tagScored[t][i]) {
                        sum += prototypeScore(pts[i], rest, t);
                        n++;
                    }
                }
            }
            if (n > 0) {
                out[t] = sum / n;
                known[t] = true;
            }
        }
        double fallback = 0;
        int defined = 0;
        for (int t = 0; t < out.length; t++) {
            if (known[t]) {
                fallback += out[t];
                defined++;
            }
        }
        fallback = defined == 0 ? 0.5 : fallback / defined;
        for (int t = 0; t < out.length; t++) {
            if (!known[t]) {
                out[t] = fallback;
            }
        }
        return out;
    }

    /**
     * Plain prototype scores made relative to the tags' typical scores: {@code s - w (typical - mean
     * typical)}, clamped to [0, 1].
     */
    /**
     * Per tag, the score of a segment whose plain score is {@code plain} for every tag: {@code plain}
     * shifted by the tag's typicality (as {@link #relativeToTypical} shifts every score), or
     * {@code plain} itself without typicality.
     */
    double[] shifted(double plain) {
        double[] p = new double[tagCount];
        Arrays.fill(p, plain);
        return typical == null ? p : relativeToTypical(p);
    }

    private double[] relativeToTypical(double[] plain) {
        double mean = 0;
        for (double m : typical) {
            mean += m;
        }
        mean /= typical.length;
        double w = config.typicality();
        double[] out = new double[plain.length];
        for (int t = 0; t < plain.length; t++) {
            out[t] = prototypes[t] == null ? 0 : Math.max(0, Math.min(1, plain[t] - w * (typical[t] - mean)));
        }
        return out;
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
        return fit(set, rows, config, candidateColumns, seed, null);
    }

    /** Fits on the examples {@code rows} of {@code set}, whose entries are named {@code names} (or null). */
    static ScoringCore fit(
            TrainingSet set, int[] rows, ModelConfig config, int[] candidateColumns, long seed, List<String> names) {
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
        int bgRows = (int) Arrays.stream(rows).filter(r -> set.labels()[r] < 0).count();
        ModelConfig.Normalisation norm = config.normalisation();
        if (norm == ModelConfig.Normalisation.FISHER || norm == ModelConfig.Normalisation.FISHER_BACKGROUND) {
            // Folded into the scale, so a saved model stores nothing new and scores exactly so.
            double[] w = fisherWeights(
                    set, rows, columns, mean, invStd, k, norm == ModelConfig.Normalisation.FISHER_BACKGROUND);
            for (int j = 0; j < invStd.length; j++) {
                invStd[j] *= w[j];
            }
        } else if (norm != ModelConfig.Normalisation.TRAINING && bgRows >= 2) {
            backgroundStatistics(set, rows, columns, mean, invStd, norm == ModelConfig.Normalisation.BACKGROUND);
        }
        double[][] all = new double[rows.length][];
        int known = 0;
        for (int i = 0; i < rows.length; i++) {
            all[i] = standardise(set.features()[rows[i]], columns, mean, invStd);
            if (set.labels()[rows[i]] >= 0) {
                known++;
            }
        }
        double[][] whitening = null;
        if (norm == ModelConfig.Normalisation.BACKGROUND_WHITEN && bgRows >= 2) {
            whitening = backgroundCholesky(all, set, rows, WHITEN_SHRINKAGE);
            for (int i = 0; i < all.length; i++) {
                all[i] = whiten(all[i], whitening);
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
        PosteriorModel classifier = null;
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
            classifier = LinearSvmOvr.fit(knownP, knownY, config.svmC());
        } else {
            int knnK = Math.min(config.knnK(), known);
            Classifier<double[]> fitted = switch (config.classifier()) {
                case LOGISTIC ->
                    LogisticRegression.fit(knownP, knownY, new LogisticRegression.Options(config.lambda(), 1e-5, 500));
                case KNN -> KNN.fit(knownP, knownY, knnK);
                case LDA -> {
                    if (knownP[0].length >= known - classes) {
                        throw new IllegalArgumentException("the LDA classifier needs more examples (" + known
                                + ") than dimensions (" + knownP[0].length + ") plus tags; project first (LDA or PCA)");
                    }
                    yield LDA.fit(knownP, knownY);
                }
                case SVM -> throw new AssertionError();
            };
            // Score with the scorer rebuilt from the exported parameters: exactly what a saved model holds.
            classifier = PosteriorModel.export(fitted, config.lambda(), knownP, knownY, knnK);
        }
        double[][][] tagPoints = new double[k][][];
        int[][] tagGroups = new int[k][];
        boolean[][] tagScored = new boolean[k][];
        int[] fill = new int[k];
        for (int t = 0; t < k; t++) {
            tagPoints[t] = new double[present[t]][];
            tagGroups[t] = new int[present[t]];
            tagScored[t] = new boolean[present[t]];
        }
        // A tag's typical score leaves out one clip at a time, or one session (two takes of one
        // recording make each other look typical); a tag recorded in one session only keeps clips.
        boolean[] bySession = new boolean[k];
        if (config.typicalBy() == ModelConfig.Grouping.SESSION) {
            java.util.List<java.util.Set<Integer>> sessionsOfTag = new ArrayList<>();
            for (int t = 0; t < k; t++) {
                sessionsOfTag.add(new java.util.HashSet<>());
            }
            for (int r : rows) {
                if (set.labels()[r] >= 0) {
                    sessionsOfTag.get(set.labels()[r]).add(set.sessions()[r]);
                }
            }
            for (int t = 0; t < k; t++) {
                bySession[t] = sessionsOfTag.get(t).size() >= 2;
            }
        }
        for (int i = 0, j = 0; i < rows.length; i++) {
            if (set.labels()[rows[i]] >= 0) {
                int t = knownY[j];
                tagGroups[t][fill[t]] = bySession[t] ? set.sessions()[rows[i]] : set.groups()[rows[i]];
                tagScored[t][fill[t]] = !set.augmented()[rows[i]];
                tagPoints[t][fill[t]++] = knownP[j++];
            }
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
        if (config.pseudoUnknowns() > 0
                && classes >= 2
                && config.score() == ModelConfig.ScoreFunction.COSINE_BACKGROUND) {
            bg = withPseudoUnknowns(bg, tagPoints, config.pseudoUnknowns(), seed);
        }
        double sigma = medianNeighbourDistance(knownP, knownY, rows, set, tagPoints, config.knnK(), seed);
        return new ScoringCore(
                config,
                k,
                columns,
                mean,
                invStd,
                whitening,
                projection,
                offset,
                classifier,
                soleTag,
                tagPoints,
                bg,
                sigma,
                tagGroups,
                tagScored,
                typicalOfFullSet(set, rows, config, candidateColumns, seed, bgRows, names),
                slots(config, columns, projection, names),
                columnViews(config, columns, projection, names));
    }

    /** Most pseudo-unknowns a core keeps (a seeded sample beyond this), so that scoring stays bounded. */
    static final int MAX_PSEUDO_UNKNOWNS = 1_000;

    /**
     * {@code background} followed by pseudo-unknowns made of the tags' examples: each example {@code a}
     * of a tag mixed with the example {@code b} of every other tag most similar to it (cosine),
     * {@code (1 - share) a + share b}. Such mixes sit where a sound between two tags would, a kind of
     * sound the owner never labelled (the "placeholders" of open-set recognition); counted as
     * background they lower the score of a sound that is only half like a tag, while a true example
     * stays nearer its own prototype than any mix. At most {@link #MAX_PSEUDO_UNKNOWNS}, a seeded
     * sample beyond.
     */
    static double[][] withPseudoUnknowns(double[][] background, double[][][] tagPoints, double share, long seed) {
        List<double[]> mixes = new ArrayList<>();

        for (int a = 0; a < tagPoints.length; a++) {
            for (double[] p : tagPoints[a]) {
                for (int b = 0; b < tagPoints.length; b++) {
                    if (b == a || tagPoints[b].length == 0) {
                        continue;
                    }
                    double[] q = null;
                    double best = Double.NEGATIVE_INFINITY;
                    for (double[] c : tagPoints[b]) {
                        double cos = cosineScore(p, c);
                        if (cos > best) {
                            best = cos;
                            q = c;
                        }
                    }
                    double[] mix = new double[p.length];
                    for (int j = 0; j < p.length; j++) {
                        mix[j] = (1 - share) * p[j] + share * q[j];
                    }
                    mixes.add(mix);
                }
            }
        }
        if (mixes.size() > MAX_PSEUDO_UNKNOWNS) {
            java.util.Collections.shuffle(mixes, new Random(seed ^ 0x9E3779B97F4A7C15L));
            mixes = mixes.subList(0, MAX_PSEUDO_UNKNOWNS);
        }
        double[][] out = Arrays.copyOf(background, background.length + mixes.size());
        for (int i = 0; i < mixes.size(); i++) {
            out[background.length + i] = mixes.get(i);
        }
        return out;
    }

    /**
     * Typical scores always come from the whole set: a model fitted on part of it (a calibration
     * fold) takes them from a fit on all of it, like the final model. Typical scores are per-tag
     * constants, so a fold's out-of-fold scores then differ from plain scores by the same per-tag
     * shift as the final model's, and thresholds calibrated on them fit the final model (typical
     * scores of a fold's fewer clips would shift each fold differently and blur the calibration
     * curves). That whole-set fit uses a fixed seed, so that all folds and the final model agree
     * also when the background is sampled. Null: the model computes its own (it is that fit).
     */
    private static double[] typicalOfFullSet(
            TrainingSet set,
            int[] rows,
            ModelConfig config,
            int[] candidateColumns,
            long seed,
            int backgroundRows,
            List<String> names) {
        if (config.typicality() == 0) {
            return null;
        }
        boolean sampled = backgroundRows > MAX_BACKGROUND_POINTS;
        if (rows.length == set.size() && (!sampled || seed == TYPICALITY_SEED)) {
            return null;
        }
        int[] all = new int[set.size()];
        Arrays.setAll(all, i -> i);
        return fit(set, all, config, candidateColumns, TYPICALITY_SEED, names).typical;
    }

    /** Per-tag scores in [0, 1] of one feature vector. */
    double[] scores(float[] features) {
        double[] z = project(normalise(features), projection, offset);
        double[] out = scores(clipPart(z), Double.NaN);
        return withMargin(matchesWindows() ? withWindows(out, z) : out);
    }

    /**
     * {@code s_t - w max_{u != t} s_u} per tag ({@link ModelConfig#margin()} = w; the scores as they are
     * when 0 or with one tag). Every tag loses w times the best of the others, so the best tag loses w
     * times the runner-up and the others w times the best: the order of the tags is kept.
     */
    double[] withMargin(double[] s) {
        double w = config.margin();
        if (w == 0 || s.length < 2) {
            return s;
        }
        int best = 0;
        for (int t = 1; t < s.length; t++) {
            if (s[t] > s[best]) {
                best = t;
            }
        }
        double second = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < s.length; t++) {
            if (t != best) {
                second = Math.max(second, s[t]);
            }
        }
        double[] out = new double[s.length];
        for (int t = 0; t < s.length; t++) {
            out[t] = s[t] - w * (t == best ? second : s[best]);
        }
        return out;
    }

    /**
     * Per tag, the cosine score ({@code (1 + cos) / 2}) of one vector to the tag's most similar
     * training example (0 for a tag without examples): the spread test's measure.
     */
    double[] nearest(float[] features) {
        double[] z = clipPart(project(normalise(features), projection, offset));
        double[] out = new double[tagCount];
        for (int t = 0; t < tagCount; t++) {
            for (double[] p : tagPoints[t]) {
                out[t] = Math.max(out[t], cosineScore(z, p));
            }
        }
        return out;
    }

    /**
     * Per tag, the nearest-neighbour distance ratio of one vector: its cosine distance ({@code 1 -
     * cos}) to the tag's nearest training example over that to the nearest example that is not the
     * tag (the background and the other tags' examples). Under 1: nearer the tag than anything else
     * the model knows. Infinite for a tag without examples; 0 when nothing else is known.
     */
    double[] neighbourRatios(float[] features) {
        double[] z = clipPart(project(normalise(features), projection, offset));
        double bg = -1;
        for (double[] p : backgroundPoints) {
            bg = Math.max(bg, cosine(z, p));
        }
        double[] own = new double[tagCount];
        for (int t = 0; t < tagCount; t++) {
            own[t] = -1;
            for (double[] p : tagPoints[t]) {
                own[t] = Math.max(own[t], cosine(z, p));
            }
        }
        double[] out = new double[tagCount];
        for (int t = 0; t < tagCount; t++) {
            if (tagPoints[t].length == 0) {
                out[t] = Double.POSITIVE_INFINITY;
                continue;
            }
            double other = bg;
            for (int u = 0; u < tagCount; u++) {
                if (u != t && tagPoints[u].length > 0) {
                    other = Math.max(other, own[u]);
                }
            }
            double dOther = 1 - other;
            out[t] = dOther <= 0 ? Double.POSITIVE_INFINITY : (1 - own[t]) / dOther;
        }
        return out;
    }

    /** Cosine of the angle between {@code z} and {@code p} (0 when either is zero). */
    private static double cosine(double[] z, double[] p) {
        return 2 * cosineScore(z, p) - 1;
    }

    /** A vector's per-tag scores and its novelty. */
    record Scored(double[] scores, double novelty) {}

    /**
     * Per-tag scores and novelty of one vector in one pass: the vector is normalised and projected
     * once, and the background similarity both need is computed once (it is most of their cost).
     */
    Scored scoresAndNovelty(float[] features) {
        double[] full = project(normalise(features), projection, offset);
        double[] z = clipPart(full);
        double bg = backgroundPoints.length == 0 ? Double.NaN : topCosine(z, backgroundPoints, config.knnK());
        double[] scores = scores(z, bg);
        return new Scored(withMargin(matchesWindows() ? withWindows(scores, full) : scores), novelty(z, bg));
    }

    /** Scores of a projected vector; {@code knownBg}: its background similarity if already known, else NaN. */
    private double[] scores(double[] z, double knownBg) {
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
            return typical == null ? out : relativeToTypical(out);
        }
        if (fn == ModelConfig.ScoreFunction.COSINE_BACKGROUND && viewIdx != null) {
            for (int t = 0; t < tagCount; t++) {
                out[t] = prototypes[t] == null ? 0 : viewScore(z, prototypes[t]);
            }
            return typical == null ? out : relativeToTypical(out);
        }
        if (fn == ModelConfig.ScoreFunction.COSINE_BACKGROUND) {
            double[] rival = null;
            double bg;
            if (config.rivals() > 0) {
                // One scan of the background serves both terms.
                double[] bgTop = topScores(z, backgroundPoints, config.knnK());
                bg = meanOrHalf(bgTop);
                rival = rivalSimilarity(z, bgTop);
            } else {
                bg = backgroundPoints.length == 0
                        ? 0.5
                        : Double.isNaN(knownBg) ? topCosine(z, backgroundPoints, config.knnK()) : knownBg;
            }
            for (int t = 0; t < tagCount; t++) {
                double b = rival == null ? bg : (1 - config.rivals()) * bg + config.rivals() * rival[t];
                out[t] = prototypes[t] == null ? 0 : (1 + cosineScore(z, prototypes[t]) - b) / 2;
            }
            return typical == null ? out : relativeToTypical(out);
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
        return novelty(clipPart(project(normalise(features), projection, offset)), Double.NaN);
    }

    private double novelty(double[] z, double knownBg) {
        double best = backgroundPoints.length == 0
                ? 0
                : Double.isNaN(knownBg) ? topCosine(z, backgroundPoints, config.knnK()) : knownBg;
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
        int[] classes = classifier.classes();
        double[] p = new double[classes.length];
        classifier.posterior(z, p);
        for (int c = 0; c < classes.length; c++) {
            out[classes[c]] = p[c];
        }
        return out;
    }

    /** Output dimension after projection. */
    int projectedDimension() {
        return projection == null ? mean.length : projection.length;
    }

    /** The distance scale of the similarity scores. */
    double sigma() {
        return sigma;
    }

    /** The vector after standardisation and the optional background whitening, before projection. */
    double[] normalise(float[] features) {
        double[] z = standardise(features, columns, mean, invStd);
        return whitening == null ? z : whiten(z, whitening);
    }

    /**
     * Replaces the centre ({@code mean}) with the background rows' mean and, when {@code scale}, the
     * scale ({@code invStd}) with the background's standard deviation. A column on which the
     * background hardly varies is scaled by at least a tenth of its overall spread, so that a column
     * constant in the background cannot dominate every distance.
     */
    static void backgroundStatistics(
            TrainingSet set, int[] rows, int[] columns, double[] mean, double[] invStd, boolean scale) {
        int d = columns.length;
        double[] m = new double[d];
        double[] sq = new double[d];
        int n = 0;
        for (int r : rows) {
            if (set.labels()[r] < 0) {
                float[] x = set.features()[r];
                for (int j = 0; j < d; j++) {
                    m[j] += x[columns[j]];
                }
                n++;
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= n;
        }
        for (int r : rows) {
            if (set.labels()[r] < 0) {
                float[] x = set.features()[r];
                for (int j = 0; j < d; j++) {
                    double dev = x[columns[j]] - m[j];
                    sq[j] += dev * dev;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] = m[j];
            if (scale) {
                double overall = 1.0 / invStd[j];
                invStd[j] = 1.0 / Math.max(Math.sqrt(sq[j] / n), BACKGROUND_STD_FLOOR * overall);
            }
        }
    }

    /** Weight of the uniform weighting in the Fisher weights (shrinkage of the per-column ratios). */
    static final double FISHER_SHRINKAGE = 0.5;

    /**
     * Per column, the weight of a standardised column ({@code FISHER} normalisation): {@code sqrt(a + (1
     * - a) R / mean R)}, {@code R = B / (B + W)} the share of the column's spread between the classes'
     * means, {@code B} the variance of the class means, {@code W} the mean within-class variance,
     * {@code a} the shrinkage. Classes are the known tags with at least one example (and the
     * background, with {@code withBackground}); recorded examples only. Fewer than two classes: all 1.
     */
    static double[] fisherWeights(
            TrainingSet set,
            int[] rows,
            int[] columns,
            double[] mean,
            double[] invStd,
            int tagCount,
            boolean withBackground) {
        int d = columns.length;
        int classes = tagCount + 1;
        double[][] sum = new double[classes][d];
        double[][] sq = new double[classes][d];
        int[] n = new int[classes];
        for (int r : rows) {
            int label = set.labels()[r];
            if (set.augmented()[r] || (label < 0 && !withBackground)) {
                continue;
            }
            int c = label < 0 ? tagCount : label;
            float[] x = set.features()[r];
            for (int j = 0; j < d; j++) {
                double z = (x[columns[j]] - mean[j]) * invStd[j];
                sum[c][j] += z;
                sq[c][j] += z * z;
            }
            n[c]++;
        }
        double[] weights = new double[d];
        Arrays.fill(weights, 1.0);
        int present = 0;
        for (int c : n) {
            present += c > 0 ? 1 : 0;
        }
        if (present < 2) {
            return weights;
        }
        double[] ratio = new double[d];
        double meanRatio = 0;
        for (int j = 0; j < d; j++) {
            double grand = 0;
            double within = 0;
            for (int c = 0; c < classes; c++) {
                if (n[c] > 0) {
                    double m = sum[c][j] / n[c];
                    grand += m;
                    within += Math.max(0, sq[c][j] / n[c] - m * m);
                }
            }
            grand /= present;
            within /= present;
            double between = 0;
            for (int c = 0; c < classes; c++) {
                if (n[c] > 0) {
                    double dev = sum[c][j] / n[c] - grand;
                    between += dev * dev;
                }
            }
            between /= present;
            ratio[j] = between + within == 0 ? 0 : between / (between + within);
            meanRatio += ratio[j];
        }
        meanRatio /= d;
        if (meanRatio <= 0) {
            return weights;
        }
        for (int j = 0; j < d; j++) {
            weights[j] = Math.sqrt(FISHER_SHRINKAGE + (1 - FISHER_SHRINKAGE) * ratio[j] / meanRatio);
        }
        return weights;
    }

    /**
     * Lower Cholesky factor {@code L} of {@code a I + (1 - a) C}, {@code C} the covariance of the
     * (already centred) background rows among {@code standardised}, {@code a} the shrinkage.
     */
    static double[][] backgroundCholesky(double[][] standardised, TrainingSet set, int[] rows, double shrinkage) {
        int d = standardised[0].length;
        double[][] c = new double[d][d];
        int n = 0;
        for (int i = 0; i < rows.length; i++) {
            if (set.labels()[rows[i]] < 0) {
                double[] z = standardised[i];
                for (int a = 0; a < d; a++) {
                    double za = z[a];
                    if (za == 0) {
                        continue;
                    }
                    double[] row = c[a];
                    for (int b = 0; b <= a; b++) {
                        row[b] += za * z[b];
                    }
                }
                n++;
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                c[a][b] = (1 - shrinkage) * c[a][b] / n + (a == b ? shrinkage : 0);
            }
        }
        // In-place Cholesky of the lower triangle (positive definite: shrinkage > 0).
        for (int j = 0; j < d; j++) {
            double[] rj = c[j];
            double diag = rj[j];
            for (int k = 0; k < j; k++) {
                diag -= rj[k] * rj[k];
            }
            rj[j] = Math.sqrt(diag);
            for (int i = j + 1; i < d; i++) {
                double[] ri = c[i];
                double v = ri[j];
                for (int k = 0; k < j; k++) {
                    v -= ri[k] * rj[k];
                }
                ri[j] = v / rj[j];
            }
        }
        for (int a = 0; a < d; a++) {
            Arrays.fill(c[a], a + 1, d, 0.0);
        }
        return c;
    }

    /** {@code L^-1 z} by forward substitution: the vector in the whitened space. */
    static double[] whiten(double[] z, double[][] lower) {
        double[] y = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double[] row = lower[i];
            double v = z[i];
            for (int k = 0; k < i; k++) {
                v -= row[k] * y[k];
            }
            y[i] = v / row[i];
        }
        return y;
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
