package io.buddybork.recognition.model;

import io.buddybork.recognition.feature.FeatureLayout;
import java.util.Locale;

/**
 * Open-set pipeline hyper-parameters: standardiser -> projector -> classifier, the open-set score
 * function and the target precision of the per-tag thresholds, plus the opt-in generalisation aids
 * (background normalisation, window pooling, background-mix augmentation). Immutable and thread-safe.
 *
 * @param projector dimensionality reduction after standardisation
 * @param pcaVariance fraction of variance PCA keeps (ignored by other projectors)
 * @param classifier classifier trained on the projected known-tag examples
 * @param lambda L2 regularisation of logistic regression
 * @param svmC soft-margin penalty of the SVM
 * @param knnK neighbours of the k-NN classifier and of the distance score functions
 * @param score how per-tag open-set scores are computed
 * @param targetPrecision precision each tag threshold aims for on background/training data
 * @param windowSeconds clips longer than this are scored as windows of this length (0 = whole clip)
 * @param hopSeconds hop between windows
 * @param timePriorWeight exponent of the time-of-day prior (0 = off)
 * @param inputs which entries of the feature vector the pipeline uses
 * @param normalisation which statistics centre and scale the feature space before scoring
 * @param poolTopK how the per-tag scores of a clip's windows are pooled: 0 = mean of all windows,
 *     k >= 1 = mean of the k best windows (1 = max)
 * @param mixes background mixes added per labelled example at training time (0 = no augmentation;
 *     needs the examples' and the background's audio, see {@code augment.MixAugmenter})
 * @param mixSnrMinDb lowest signal-to-background ratio of a mix, dB
 * @param mixSnrMaxDb highest signal-to-background ratio of a mix, dB
 * @param mixGainDb each mix is scaled by a random gain in [-mixGainDb, +mixGainDb] dB
 * @param typicality weight w in [0, 1] of the tags' typical scores: each tag's prototype score
 *     {@code s} becomes {@code s - w (typical - mean typical)}, where a tag's typical score is the
 *     mean score of its own examples against a prototype made without them (0 = off; applies to
 *     {@code COSINE} and {@code COSINE_BACKGROUND}, other scores ignore it)
 * @param folds what the calibration folds hold out together ({@code null} in models saved before: CLIP)
 * @param spreadKeep "inside the tag's spread" test, in [0, 1], 0 = off: a detection of a tag also
 *     needs the segment's cosine similarity to the tag's nearest training example to reach the value
 *     that this share of the tag's own examples reach out of fold (1 = the least similar one)
 * @param typicalBy what a tag's typical score leaves out at a time ({@code null} in models saved
 *     before: CLIP)
 * @param windowMatch weight in [0, 1] of window-level matching (0 = off; needs the
 *     {@code oww-speech-windows} feature stage and {@code COSINE_BACKGROUND}): each tag's score becomes
 *     {@code (1 - w) clip score + w window score}, the window score {@code (1 + m_tag - m_bg) / 2} with
 *     {@code m} the mean over the segment's bag of windows of the best cosine score to the tag's (the
 *     background's) training windows; the window columns then stay out of the clip-level score
 * @param scoreCalibration per-tag map of the scores onto a common scale, read off the out-of-fold
 *     scores of the tag's negatives ({@code null} in models saved before: NONE); see
 *     {@link TagScoreMap}
 * @param scoreCalibrationWeight how far in [0, 1] each tag's score moves towards its calibrated value
 *     (1 = all the way; ignored without {@code scoreCalibration})
 * @param rivals weight in [0, 1] of the other tags' examples in {@code COSINE_BACKGROUND}'s background
 *     term (0 = off): a tag's background similarity becomes {@code (1 - w) c_bg + w c_rivals}, where
 *     {@code c_rivals} is the mean cosine score of the k most similar among the background and the
 *     other tags' examples (one tag against the rest)
 * @param views {@code COSINE_BACKGROUND} computed on each feature stage's entries on its own (the
 *     statistics, each embedding) and combined ({@code null} in models saved before: NONE, one score on
 *     the whole vector)
 * @param pseudoUnknowns mixing share in [0, 0.5] of feature-space pseudo-unknowns (0 = off): every
 *     tag example {@code a} is mixed with the most similar example {@code b} of each other tag,
 *     {@code (1 - m) a + m b} in the standardised space, and the mixes join the background the
 *     {@code COSINE_BACKGROUND} score is relative to (a sound between two tags is then "like the
 *     background")
 * @param openSpace share in [0, 1] of a tag's out-of-fold negatives (background and other tags'
 *     clips) its threshold must clear (0 = off, 1 = above every negative): a floor under the
 *     threshold rules, whatever recall it costs
 * @param ambiguity least margin (0 = off) by which a detected tag's score must exceed every other
 *     tag's score; a segment whose best two tags are closer is unknown
 * @param margin weight w in [0, 1] of the runner-up in each tag's score (0 = off): {@code s_t - w
 *     max_{u != t} s_u}, so that the best tag's score falls when another tag scores nearly as high
 *     (the order of the tags, and so the closed-set decision, is unchanged)
 * @param neighbourRatio largest nearest-neighbour distance ratio of a detection (0 = off): the
 *     cosine distance of the segment to the tag's nearest example over its distance to the nearest
 *     example that is not the tag (background or another tag); a segment at least as close to
 *     something that is not the tag is unknown at ratio 1 (open-set nearest neighbour)
 * @param scoreFloor least threshold in plain-score terms (0 = off): every tag's threshold is at
 *     least the score a segment with this plain score gets after the tag's typicality shift; with
 *     {@code COSINE_BACKGROUND}, 0.5 is a segment exactly as similar to the tag's prototype as to its
 *     nearest background (and rival) examples
 * @param pseudoNegatives mixing share in [0, 0.5] of out-of-fold pseudo-unknown negatives for the
 *     thresholds (0 = off): in each calibration fold, every held-out tag example mixed with the most
 *     similar held-out example of another tag, scored by the fold's model and counted among every
 *     tag's negatives; scores are unchanged
 */
public record ModelConfig(
        Projector projector,
        double pcaVariance,
        ClassifierKind classifier,
        double lambda,
        double svmC,
        int knnK,
        ScoreFunction score,
        double targetPrecision,
        double windowSeconds,
        double hopSeconds,
        double timePriorWeight,
        Inputs inputs,
        Normalisation normalisation,
        int poolTopK,
        int mixes,
        double mixSnrMinDb,
        double mixSnrMaxDb,
        double mixGainDb,
        double typicality,
        Grouping folds,
        double spreadKeep,
        Grouping typicalBy,
        double windowMatch,
        ScoreCalibration scoreCalibration,
        double scoreCalibrationWeight,
        double rivals,
        Views views,
        double pseudoUnknowns,
        double openSpace,
        double ambiguity,
        double margin,
        double neighbourRatio,
        double scoreFloor,
        double pseudoNegatives)
        implements java.io.Serializable {

    /**
     * What is held out together when the model scores its own examples "as if new": in the
     * cross-fitting folds the thresholds are calibrated on ({@code folds}) and in the leave-out typical
     * scores ({@code typicalBy}).
     */
    public enum Grouping {
        /** Each clip (or hub annotation): takes of one recording can be on both sides. */
        CLIP,
        /**
         * Each recording session ({@link TrainingSet#sessions()}: the source recording of a clip, a
         * contiguous stretch of one tag's annotations on the hub), so that held-out examples look like
         * a new recording. A label with a single session falls back to its clips.
         */
        SESSION
    }

    /**
     * How each tag's scores are put on a common scale after scoring, from the out-of-fold scores of
     * the sounds that are not the tag (its negatives): the best-scoring tag of a never-heard sound is
     * then compared on one scale across tags (what known-vs-unknown ranking needs) instead of
     * favouring tags whose negatives score high anyway.
     */
    public enum ScoreCalibration {
        /** Scores as they are. */
        NONE,
        /** Shift each tag's scores so that its background clips' mean score is the same for every tag. */
        BACKGROUND_SHIFT,
        /** As {@link #BACKGROUND_SHIFT}, and scale by the spread of the background clips' scores (a z-score). */
        BACKGROUND_Z,
        /** Shift so that the mean score of the tag's negatives (background and other tags' clips) is common. */
        NEGATIVES_SHIFT,
        /** As {@link #NEGATIVES_SHIFT}, and scale by the negatives' spread (a z-score, Gaussian tail). */
        NEGATIVES_Z
    }

    /**
     * How {@code COSINE_BACKGROUND} treats the feature stages: as one vector, or as separate views of
     * the sound whose scores are combined (the background neighbours are then found in each view).
     */
    public enum Views {
        /** One score on the whole vector. */
        NONE,
        /** The mean of the views' scores (an ensemble). */
        MEAN,
        /** The lowest of the views' scores: a tag must be matched in every view. */
        MIN
    }

    /** Subsets of the feature vector. */
    public enum Inputs {
        /** Every entry. */
        ALL,
        /** Only MFCC means and standard deviations (the classic baseline's input). */
        MFCC_MEAN_STD,
        /** Only the hand-made statistics (what version 1 vectors held). */
        HANDCRAFTED,
        /** Only the embedding stages' entries. */
        EMBEDDING;

        /** Whether a feature named {@code name} (see FeatureLayout) is used. */
        public boolean uses(String name) {
            return switch (this) {
                case ALL -> true;
                case MFCC_MEAN_STD -> name.startsWith("mfcc") && (name.endsWith("_mean") || name.endsWith("_std"));
                case HANDCRAFTED -> FeatureLayout.isStatistic(name);
                case EMBEDDING -> !FeatureLayout.isStatistic(name);
            };
        }
    }

    /** Statistics that centre and scale the feature space before projection and scoring. */
    public enum Normalisation {
        /** Mean and standard deviation of every training vector (known and background). */
        TRAINING,
        /** Mean and standard deviation of the background vectors alone. */
        BACKGROUND,
        /** Standardised with every training vector, then centred on the background mean. */
        BACKGROUND_CENTRE,
        /**
         * Centred on the background mean and whitened with the background's covariance (shrunk towards
         * the identity): directions in which the background varies a lot count less.
         */
        BACKGROUND_WHITEN,
        /**
         * Standardised with every training vector, then each column weighted by how well it separates
         * the known tags: its weight squared is {@code 1/2 + 1/2 R / mean R}, {@code R = B / (B + W)}
         * the share of the column's spread that lies between the tags' means ({@code B}: variance of the
         * means, {@code W}: mean within-tag variance). Learned from the labelled clips only.
         */
        FISHER,
        /**
         * As {@link #FISHER}, with the background as one more class: its mean counts among the class
         * means and its own spread among the within-class spreads, so columns on which the background
         * varies a lot count less.
         */
        FISHER_BACKGROUND
    }

    /** Projectors. */
    public enum Projector {
        /** Identity. */
        NONE,
        /** Principal components keeping {@code pcaVariance} of the variance. */
        PCA,
        /** Fisher's linear discriminant (LDA projection to K-1 dimensions). */
        LDA
    }

    /** Classifiers (all from Smile). */
    public enum ClassifierKind {
        /** Multinomial logistic regression. */
        LOGISTIC,
        /** One-versus-rest linear SVM with Platt-scaled outputs. */
        SVM,
        /** k-nearest neighbours (posterior = vote share). */
        KNN,
        /** Linear discriminant analysis (Gaussian classes, shared covariance). */
        LDA
    }

    /** Open-set score functions; the tag with the best score is the candidate. */
    public enum ScoreFunction {
        /** Classifier posterior of the tag (a one-tag model uses {@link #DISTANCE} instead). */
        POSTERIOR,
        /** {@code exp(-d / sigma)} of the mean distance to the tag's k nearest training examples. */
        DISTANCE,
        /** {@code d_bg / (d_tag + d_bg)}: nearer the tag's examples than the background's. */
        BACKGROUND_RELATIVE,
        /** Posterior times the distance score. */
        POSTERIOR_DISTANCE,
        /** {@code (1 + cos) / 2} of the cosine similarity to the tag's prototype (mean of its examples). */
        COSINE,
        /** Posterior times the cosine score. */
        POSTERIOR_COSINE,
        /** Posterior times {@link #BACKGROUND_RELATIVE}. */
        POSTERIOR_BACKGROUND,
        /**
         * {@code (1 + c_tag - c_bg) / 2}: cosine score to the tag's prototype minus the mean cosine score
         * of the k most similar background examples: like the tag, and more like it than like the background.
         */
        COSINE_BACKGROUND
    }

    public ModelConfig {
        if (normalisation == null) {
            normalisation = Normalisation.TRAINING; // models saved before the option existed
        }
        if (projector == null || classifier == null || score == null || inputs == null) {
            throw new IllegalArgumentException("projector, classifier and score are required");
        }
        if (pcaVariance <= 0 || pcaVariance > 1) {
            throw new IllegalArgumentException("pcaVariance must be in (0, 1], got " + pcaVariance);
        }
        if (lambda < 0 || svmC <= 0 || knnK < 1) {
            throw new IllegalArgumentException("need lambda >= 0, svmC > 0, knnK >= 1");
        }
        if (targetPrecision <= 0 || targetPrecision > 1) {
            throw new IllegalArgumentException("targetPrecision must be in (0, 1], got " + targetPrecision);
        }
        if (windowSeconds < 0 || hopSeconds <= 0) {
            throw new IllegalArgumentException("need windowSeconds >= 0 and hopSeconds > 0");
        }
        if (timePriorWeight < 0) {
            throw new IllegalArgumentException("timePriorWeight must be >= 0");
        }
        if (poolTopK < 0) {
            throw new IllegalArgumentException("poolTopK must be >= 0 (0 = mean of all windows), got " + poolTopK);
        }
        if (typicality < 0 || typicality > 1) {
            throw new IllegalArgumentException("typicality must be in [0, 1], got " + typicality);
        }
        if (folds == null) {
            folds = Grouping.CLIP; // models saved before the option existed
        }
        if (typicalBy == null) {
            typicalBy = Grouping.CLIP;
        }
        if (scoreCalibration == null) {
            scoreCalibration = ScoreCalibration.NONE; // models saved before the option existed
        }
        if (!(scoreCalibrationWeight >= 0 && scoreCalibrationWeight <= 1)) {
            throw new IllegalArgumentException(
                    "scoreCalibrationWeight must be in [0, 1], got " + scoreCalibrationWeight);
        }
        if (views == null) {
            views = Views.NONE; // models saved before the option existed
        }
        if (!(pseudoUnknowns >= 0 && pseudoUnknowns <= 0.5)) {
            throw new IllegalArgumentException("pseudoUnknowns must be in [0, 0.5] (0 = off), got " + pseudoUnknowns);
        }
        if (!(pseudoNegatives >= 0 && pseudoNegatives <= 0.5)) {
            throw new IllegalArgumentException("pseudoNegatives must be in [0, 0.5] (0 = off), got " + pseudoNegatives);
        }
        if (!(scoreFloor >= 0 && scoreFloor <= 1)) {
            throw new IllegalArgumentException("scoreFloor must be in [0, 1] (0 = off), got " + scoreFloor);
        }
        if (!(neighbourRatio >= 0 && Double.isFinite(neighbourRatio))) {
            throw new IllegalArgumentException("neighbourRatio must be >= 0 (0 = off), got " + neighbourRatio);
        }
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("margin must be in [0, 1] (0 = off), got " + margin);
        }
        if (!(openSpace >= 0 && openSpace <= 1)) {
            throw new IllegalArgumentException("openSpace must be in [0, 1] (0 = off), got " + openSpace);
        }
        if (!(ambiguity >= 0 && ambiguity <= 1)) {
            throw new IllegalArgumentException("ambiguity must be in [0, 1] (0 = off), got " + ambiguity);
        }
        if (!(rivals >= 0 && rivals <= 1)) {
            throw new IllegalArgumentException("rivals must be in [0, 1] (0 = off), got " + rivals);
        }
        if (!(windowMatch >= 0 && windowMatch <= 1)) {
            throw new IllegalArgumentException("windowMatch must be in [0, 1] (0 = off), got " + windowMatch);
        }
        if (!(spreadKeep >= 0 && spreadKeep <= 1)) {
            throw new IllegalArgumentException("spreadKeep must be in [0, 1] (0 = off), got " + spreadKeep);
        }
        if (mixes < 0 || mixSnrMinDb > mixSnrMaxDb || mixGainDb < 0) {
            throw new IllegalArgumentException("need mixes >= 0, mixSnrMinDb <= mixSnrMaxDb and mixGainDb >= 0");
        }
    }

    /** Default lowest signal-to-background ratio of augmentation mixes, dB. */
    public static final double MIX_SNR_MIN_DB = 0;
    /** Default highest signal-to-background ratio of augmentation mixes, dB. */
    public static final double MIX_SNR_MAX_DB = 20;
    /** Default gain range of augmentation mixes, +- dB. */
    public static final double MIX_GAIN_DB = 6;
    /**
     * Default typicality weight: half-way. Tags' typical scores come from 4-5 clips (and a tag's
     * clips from one recording look alike); the full weight evened out tags too eagerly and cost
     * closed-set accuracy in the rotations, half of it kept accuracy and most of the AUROC gain.
     */
    public static final double DEFAULT_TYPICALITY = 0.5;

    /**
     * Default weight of the other tags' examples in a tag's background term: half-way. Together with
     * typical scores that leave out a whole recording session it won on every rotation draw (AUROC
     * and closed-set accuracy up, macro-F1 unchanged); full weight varied more between draws.
     */
    public static final double DEFAULT_RIVALS = 0.5;

    /**
     * The default configuration, chosen by the mean over seeded open-set rotations (docs/recognition.md):
     * the pipeline below, with each tag's prototype score taken half-way relative to its typical score
     * (typical scores leaving out one recording session at a time), and half of each tag's background
     * term taken from the background and the other tags' examples together.
     */
    public static ModelConfig defaults() {
        return DEFAULT.toBuilder()
                .typicality(DEFAULT_TYPICALITY)
                .typicalBy(Grouping.SESSION)
                .rivals(DEFAULT_RIVALS)
                .build();
    }

    // No projection (LDA overfits at 4-5 examples per tag), cosine to tag prototypes relative to the
    // background, all stages; the strongly regularised logistic regression serves the posterior scores
    // when an owner switches to them (the default score does not need a classifier, so none is fitted).
    // The time-of-day prior is off: a prior fitted to the hours an owner happened to label suppressed
    // every sound at other hours (a bark at 3 am is exactly what the owner wants to hear about).
    private static final ModelConfig DEFAULT = new Builder().build();

    /**
     * The default before version 2 features (hand-made statistics -> LDA -> linear SVM posterior),
     * chosen on three fixed trials; kept to compare against.
     */
    public static ModelConfig previousDefault() {
        return new Builder()
                .projector(Projector.LDA)
                .classifier(ClassifierKind.SVM)
                .lambda(0.1)
                .score(ScoreFunction.POSTERIOR)
                .timePriorWeight(0.5)
                .inputs(Inputs.HANDCRAFTED)
                .build();
    }

    /**
     * A configuration from {@code key=value} pairs separated by commas, starting from a named preset
     * ({@code default}, {@code previous}, {@code baseline}) or the default, e.g.
     * {@code projector=NONE,classifier=LOGISTIC,lambda=10,score=POSTERIOR,inputs=HANDCRAFTED}. Keys:
     * projector, classifier, score, inputs, lambda, svm-c, k, pca-variance, target-precision, window,
     * hop, time-prior-weight, norm (normalisation), pool (poolTopK), mixes, mix-snr-min, mix-snr-max,
     * mix-gain, typicality, folds (CLIP or SESSION), spread (spreadKeep), typical-by (CLIP or SESSION),
     * window-match (windowMatch), score-cal (scoreCalibration), score-cal-weight (scoreCalibrationWeight), rivals, views.
     *
     * @throws IllegalArgumentException naming the bad key or value
     */
    public static ModelConfig parse(String spec) {
        ModelConfig c = defaults();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                c = switch (p.toLowerCase(Locale.ROOT)) {
                    case "default" -> defaults();
                    case "previous", "previous-default" -> previousDefault();
                    case "baseline" -> classicBaseline();
                    default ->
                        throw new IllegalArgumentException(
                                "unknown preset '" + p + "' (default, previous, baseline) in config " + spec);
                };
                continue;
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = p.substring(eq + 1).trim();
            ModelOption option = ModelOption.byKey(key)
                    .orElseThrow(() -> new IllegalArgumentException("unknown key '" + key + "' in config " + spec));
            try {
                c = option.apply(c, v);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("bad value '" + v + "' for " + key + " in config " + spec, ex);
            }
        }
        return c;
    }

    /** The classic baseline: MFCC statistics -> LDA -> logistic regression, posterior score. */
    public static ModelConfig classicBaseline() {
        return new Builder()
                .projector(Projector.LDA)
                .classifier(ClassifierKind.LOGISTIC)
                .lambda(0)
                .score(ScoreFunction.POSTERIOR)
                .inputs(Inputs.MFCC_MEAN_STD)
                .build();
    }

    /** Whether the score function uses the classifier's posterior (otherwise no classifier is fitted). */
    public boolean needsClassifier() {
        return switch (score) {
            case POSTERIOR, POSTERIOR_DISTANCE, POSTERIOR_COSINE, POSTERIOR_BACKGROUND -> true;
            case DISTANCE, BACKGROUND_RELATIVE, COSINE, COSINE_BACKGROUND -> false;
        };
    }

    /** Short human-readable description. */
    public String describe() {
        return String.format(
                        Locale.ROOT,
                        "%s features -> %s normalisation -> %s%s -> %s -> %s score%s%s, window %.1fs/%.1fs pooled by %s%s%s%s",
                        inputs,
                        normalisation,
                        projector,
                        projector == Projector.PCA ? "(" + pcaVariance + ")" : "",
                        classifier,
                        score,
                        typicality == 0 ? "" : " (typicality " + typicality + ")",
                        typicality == 0 || typicalBy == Grouping.CLIP ? "" : " leaving out whole sessions",
                        windowSeconds,
                        hopSeconds,
                        poolTopK == 0 ? "mean" : poolTopK == 1 ? "max" : "top-" + poolTopK + " mean",
                        mixes == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        ", %d background mixes per example at %.0f-%.0f dB SNR, gain +-%.0f dB",
                                        mixes,
                                        mixSnrMinDb,
                                        mixSnrMaxDb,
                                        mixGainDb),
                        folds == Grouping.CLIP
                                ? ""
                                : ", calibration folds by " + folds.name().toLowerCase(Locale.ROOT),
                        spreadKeep == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT, ", spread test keeping %.2f of a tag's examples", spreadKeep))
                + (windowMatch == 0 ? "" : String.format(Locale.ROOT, ", window matching weight %.2f", windowMatch))
                + (scoreCalibration == ScoreCalibration.NONE
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", scores calibrated by %s (weight %.2f)",
                                scoreCalibration,
                                scoreCalibrationWeight))
                + (rivals == 0 ? "" : String.format(Locale.ROOT, ", other tags as background weight %.2f", rivals))
                + (views == Views.NONE ? "" : ", feature stages scored as views, combined by " + views)
                + (pseudoUnknowns == 0
                        ? ""
                        : String.format(Locale.ROOT, ", pseudo-unknowns mixing tags at %.2f", pseudoUnknowns))
                + (openSpace == 0
                        ? ""
                        : String.format(Locale.ROOT, ", thresholds above %.2f of the negatives", openSpace))
                + (ambiguity == 0
                        ? ""
                        : String.format(Locale.ROOT, ", unknown when two tags are within %.3f", ambiguity))
                + (margin == 0 ? "" : String.format(Locale.ROOT, ", runner-up weight %.2f", margin))
                + (neighbourRatio == 0
                        ? ""
                        : String.format(Locale.ROOT, ", nearest-neighbour ratio at most %.2f", neighbourRatio))
                + (scoreFloor == 0 ? "" : String.format(Locale.ROOT, ", thresholds at least %.2f", scoreFloor))
                + (pseudoNegatives == 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", thresholds above pseudo-unknowns mixing tags at %.2f",
                                pseudoNegatives));
    }

    /** Copy with another projector. */
    public ModelConfig withProjector(Projector p) {
        return toBuilder().projector(p).build();
    }

    /** Copy with another classifier. */
    public ModelConfig withClassifier(ClassifierKind c) {
        return toBuilder().classifier(c).build();
    }

    /** Copy with another score function. */
    public ModelConfig withScore(ScoreFunction s) {
        return toBuilder().score(s).build();
    }

    /** Copy with another input subset. */
    public ModelConfig withInputs(Inputs in) {
        return toBuilder().inputs(in).build();
    }

    /** Copy with another windowing. */
    public ModelConfig withWindow(double window, double hop) {
        return toBuilder().windowSeconds(window).hopSeconds(hop).build();
    }

    /** Copy with another target precision. */
    public ModelConfig withTargetPrecision(double p) {
        return toBuilder().targetPrecision(p).build();
    }

    /** Copy with another normalisation. */
    public ModelConfig withNormalisation(Normalisation n) {
        return toBuilder().normalisation(n).build();
    }

    /** Copy with another window pooling (0 = mean of all windows, k = mean of the k best). */
    public ModelConfig withPoolTopK(int k) {
        return toBuilder().poolTopK(k).build();
    }

    /** Copy with another background-mix augmentation (0 mixes = off). */
    public ModelConfig withMixes(int mixes, double snrMinDb, double snrMaxDb, double gainDb) {
        return toBuilder()
                .mixes(mixes)
                .mixSnrMinDb(snrMinDb)
                .mixSnrMaxDb(snrMaxDb)
                .mixGainDb(gainDb)
                .build();
    }

    /** Copy with another time-of-day prior weight (0 = off, the default). */
    public ModelConfig withTimePriorWeight(double w) {
        return toBuilder().timePriorWeight(w).build();
    }

    /** Copy with another typicality weight (0 = off). */
    public ModelConfig withTypicality(double t) {
        return toBuilder().typicality(t).build();
    }

    /** Copy with another grouping of the calibration folds. */
    public ModelConfig withFolds(Grouping f) {
        return toBuilder().folds(f).build();
    }

    /** Copy with another grouping of the typical scores' leave-out. */
    public ModelConfig withTypicalBy(Grouping g) {
        return toBuilder().typicalBy(g).build();
    }

    /** Copy with another spread test (0 = off). */
    public ModelConfig withSpreadKeep(double keep) {
        return toBuilder().spreadKeep(keep).build();
    }

    /** A builder holding every component of this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A builder starting from the default pipeline with every generalisation aid off (training
     * normalisation, mean pooling, no augmentation, typicality off, clip folds, no spread test).
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Mutable set of every component, checked by the record's constructor in {@link #build()}; the one
     * place that lists them all, so withers and parsers cannot drift. Not thread-safe.
     */
    public static final class Builder {
        private Projector projector = Projector.NONE;
        private double pcaVariance = 0.95;
        private ClassifierKind classifier = ClassifierKind.LOGISTIC;
        private double lambda = 10.0;
        private double svmC = 1.0;
        private int knnK = 3;
        private ScoreFunction score = ScoreFunction.COSINE_BACKGROUND;
        private double targetPrecision = 0.9;
        private double windowSeconds = 0;
        private double hopSeconds = 1.0;
        private double timePriorWeight = 0;
        private Inputs inputs = Inputs.ALL;
        private Normalisation normalisation = Normalisation.TRAINING;
        private int poolTopK = 0;
        private int mixes = 0;
        private double mixSnrMinDb = MIX_SNR_MIN_DB;
        private double mixSnrMaxDb = MIX_SNR_MAX_DB;
        private double mixGainDb = MIX_GAIN_DB;
        private double typicality = 0;
        private Grouping folds = Grouping.CLIP;
        private double spreadKeep = 0;
        private Grouping typicalBy = Grouping.CLIP;
        private double windowMatch = 0;
        private ScoreCalibration scoreCalibration = ScoreCalibration.NONE;
        private double scoreCalibrationWeight = 1;
        private double rivals = 0;
        private Views views = Views.NONE;
        private double pseudoUnknowns = 0;
        private double openSpace = 0;
        private double ambiguity = 0;
        private double margin = 0;
        private double neighbourRatio = 0;
        private double scoreFloor = 0;
        private double pseudoNegatives = 0;

        private Builder() {}

        private Builder(ModelConfig c) {
            projector = c.projector;
            pcaVariance = c.pcaVariance;
            classifier = c.classifier;
            lambda = c.lambda;
            svmC = c.svmC;
            knnK = c.knnK;
            score = c.score;
            targetPrecision = c.targetPrecision;
            windowSeconds = c.windowSeconds;
            hopSeconds = c.hopSeconds;
            timePriorWeight = c.timePriorWeight;
            inputs = c.inputs;
            normalisation = c.normalisation;
            poolTopK = c.poolTopK;
            mixes = c.mixes;
            mixSnrMinDb = c.mixSnrMinDb;
            mixSnrMaxDb = c.mixSnrMaxDb;
            mixGainDb = c.mixGainDb;
            typicality = c.typicality;
            folds = c.folds;
            spreadKeep = c.spreadKeep;
            typicalBy = c.typicalBy;
            windowMatch = c.windowMatch;
            scoreCalibration = c.scoreCalibration;
            scoreCalibrationWeight = c.scoreCalibrationWeight;
            rivals = c.rivals;
            views = c.views;
            pseudoUnknowns = c.pseudoUnknowns;
            openSpace = c.openSpace;
            ambiguity = c.ambiguity;
            margin = c.margin;
            neighbourRatio = c.neighbourRatio;
            scoreFloor = c.scoreFloor;
            pseudoNegatives = c.pseudoNegatives;
        }

        /** Sets {@code projector}. */
        public Builder projector(Projector value) {
            projector = value;
            return this;
        }

        /** Sets {@code pcaVariance}. */
        public Builder pcaVariance(double value) {
            pcaVariance = value;
            return this;
        }

        /** Sets {@code classifier}. */
        public Builder classifier(ClassifierKind value) {
            classifier = value;
            return this;
        }

        /** Sets {@code lambda}. */
        public Builder lambda(double value) {
            lambda = value;
            return this;
        }

        /** Sets {@code svmC}. */
        public Builder svmC(double value) {
            svmC = value;
            return this;
        }

        /** Sets {@code knnK}. */
        public Builder knnK(int value) {
            knnK = value;
            return this;
        }

        /** Sets {@code score}. */
        public Builder score(ScoreFunction value) {
            score = value;
            return this;
        }

        /** Sets {@code targetPrecision}. */
        public Builder targetPrecision(double value) {
            targetPrecision = value;
            return this;
        }

        /** Sets {@code windowSeconds}. */
        public Builder windowSeconds(double value) {
            windowSeconds = value;
            return this;
        }

        /** Sets {@code hopSeconds}. */
        public Builder hopSeconds(double value) {
            hopSeconds = value;
            return this;
        }

        /** Sets {@code timePriorWeight}. */
        public Builder timePriorWeight(double value) {
            timePriorWeight = value;
            return this;
        }

        /** Sets {@code inputs}. */
        public Builder inputs(Inputs value) {
            inputs = value;
            return this;
        }

        /** Sets {@code normalisation}. */
        public Builder normalisation(Normalisation value) {
            normalisation = value;
            return this;
        }

        /** Sets {@code poolTopK}. */
        public Builder poolTopK(int value) {
            poolTopK = value;
            return this;
        }

        /** Sets {@code mixes}. */
        public Builder mixes(int value) {
            mixes = value;
            return this;
        }

        /** Sets {@code mixSnrMinDb}. */
        public Builder mixSnrMinDb(double value) {
            mixSnrMinDb = value;
            return this;
        }

        /** Sets {@code mixSnrMaxDb}. */
        public Builder mixSnrMaxDb(double value) {
            mixSnrMaxDb = value;
            return this;
        }

        /** Sets {@code mixGainDb}. */
        public Builder mixGainDb(double value) {
            mixGainDb = value;
            return this;
        }

        /** Sets {@code typicality}. */
        public Builder typicality(double value) {
            typicality = value;
            return this;
        }

        /** Sets {@code folds}. */
        public Builder folds(Grouping value) {
            folds = value;
            return this;
        }

        /** Sets {@code spreadKeep}. */
        public Builder spreadKeep(double value) {
            spreadKeep = value;
            return this;
        }

        /** Sets {@code typicalBy}. */
        public Builder typicalBy(Grouping value) {
            typicalBy = value;
            return this;
        }

        /** Sets {@code windowMatch}. */
        public Builder windowMatch(double value) {
            windowMatch = value;
            return this;
        }

        /** Sets {@code scoreCalibration}. */
        public Builder scoreCalibration(ScoreCalibration value) {
            scoreCalibration = value;
            return this;
        }

        /** Sets {@code scoreCalibrationWeight}. */
        public Builder scoreCalibrationWeight(double value) {
            scoreCalibrationWeight = value;
            return this;
        }

        /** Sets {@code rivals}. */
        public Builder rivals(double value) {
            rivals = value;
            return this;
        }

        /** Sets {@code views}. */
        public Builder views(Views value) {
            views = value;
            return this;
        }

        /** Sets {@code pseudoUnknowns}. */
        public Builder pseudoUnknowns(double value) {
            pseudoUnknowns = value;
            return this;
        }

        /** Sets {@code openSpace}. */
        public Builder openSpace(double value) {
            openSpace = value;
            return this;
        }

        /** Sets {@code ambiguity}. */
        public Builder ambiguity(double value) {
            ambiguity = value;
            return this;
        }

        /** Sets {@code margin}. */
        public Builder margin(double value) {
            margin = value;
            return this;
        }

        /** Sets {@code neighbourRatio}. */
        public Builder neighbourRatio(double value) {
            neighbourRatio = value;
            return this;
        }

        /** Sets {@code scoreFloor}. */
        public Builder scoreFloor(double value) {
            scoreFloor = value;
            return this;
        }

        /** Sets {@code pseudoNegatives}. */
        public Builder pseudoNegatives(double value) {
            pseudoNegatives = value;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when a component is out of range
         */
        public ModelConfig build() {
            return new ModelConfig(
                    projector,
                    pcaVariance,
                    classifier,
                    lambda,
                    svmC,
                    knnK,
                    score,
                    targetPrecision,
                    windowSeconds,
                    hopSeconds,
                    timePriorWeight,
                    inputs,
                    normalisation,
                    poolTopK,
                    mixes,
                    mixSnrMinDb,
                    mixSnrMaxDb,
                    mixGainDb,
                    typicality,
                    folds,
                    spreadKeep,
                    typicalBy,
                    windowMatch,
                    scoreCalibration,
                    scoreCalibrationWeight,
                    rivals,
                    views,
                    pseudoUnknowns,
                    openSpace,
                    ambiguity,
                    margin,
                    neighbourRatio,
                    scoreFloor,
                    pseudoNegatives);
        }
    }
}
