package io.buddybork.recognition.model;

import io.buddybork.recognition.model.ModelConfig.ClassifierKind;
import io.buddybork.recognition.model.ModelConfig.Grouping;
import io.buddybork.recognition.model.ModelConfig.Inputs;
import io.buddybork.recognition.model.ModelConfig.Normalisation;
import io.buddybork.recognition.model.ModelConfig.Projector;
import io.buddybork.recognition.model.ModelConfig.ScoreFunction;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every option of {@link ModelConfig}, defined once: its name in the hub's API and model files (the
 * record component), its key in configuration specs and CLI flags ({@code --key}), its kind, a short
 * explanation, and how it is read and set. {@link ModelConfig#parse}, the CLI and the hub all read
 * options through this list, so an option added here appears everywhere. Immutable and thread-safe.
 */
public enum ModelOption {
    PROJECTOR(
            "projector",
            "projector",
            Projector.class,
            "dimensionality reduction after standardising the features",
            ModelConfig::projector,
            (b, v) -> b.projector((Projector) v)),
    PCA_VARIANCE(
            "pcaVariance",
            "pca-variance",
            double.class,
            "share of variance PCA keeps (PCA only)",
            ModelConfig::pcaVariance,
            (b, v) -> b.pcaVariance((Double) v)),
    CLASSIFIER(
            "classifier",
            "classifier",
            ClassifierKind.class,
            "classifier over the chosen tags",
            ModelConfig::classifier,
            (b, v) -> b.classifier((ClassifierKind) v)),
    LAMBDA(
            "lambda",
            "lambda",
            double.class,
            "L2 regularisation of logistic regression",
            ModelConfig::lambda,
            (b, v) -> b.lambda((Double) v)),
    SVM_C(
            "svmC",
            "svm-c",
            double.class,
            "soft-margin penalty of the SVM",
            ModelConfig::svmC,
            (b, v) -> b.svmC((Double) v),
            "svmc"),
    KNN_K(
            "knnK",
            "k",
            int.class,
            "neighbours of k-NN and of the distance scores",
            ModelConfig::knnK,
            (b, v) -> b.knnK((Integer) v)),
    SCORE(
            "score",
            "score",
            ScoreFunction.class,
            "how each tag's open-set score is computed",
            ModelConfig::score,
            (b, v) -> b.score((ScoreFunction) v)),
    TARGET_PRECISION(
            "targetPrecision",
            "target-precision",
            double.class,
            "precision each tag's threshold aims for on background audio",
            ModelConfig::targetPrecision,
            (b, v) -> b.targetPrecision((Double) v)),
    WINDOW_SECONDS(
            "windowSeconds",
            "window",
            double.class,
            "score longer clips as windows of this length (0 = whole clip)",
            ModelConfig::windowSeconds,
            (b, v) -> b.windowSeconds((Double) v)),
    HOP_SECONDS(
            "hopSeconds",
            "hop",
            double.class,
            "hop between those windows",
            ModelConfig::hopSeconds,
            (b, v) -> b.hopSeconds((Double) v)),
    TIME_PRIOR_WEIGHT(
            "timePriorWeight",
            "time-prior-weight",
            double.class,
            "strength of the time-of-day prior (0 = off)",
            ModelConfig::timePriorWeight,
            (b, v) -> b.timePriorWeight((Double) v)),
    INPUTS(
            "inputs",
            "inputs",
            Inputs.class,
            "which features the model reads",
            ModelConfig::inputs,
            (b, v) -> b.inputs((Inputs) v)),
    NORMALISATION(
            "normalisation",
            "normalisation",
            Normalisation.class,
            "which statistics standardise the features (TRAINING: all training audio)",
            ModelConfig::normalisation,
            (b, v) -> b.normalisation((Normalisation) v),
            "norm"),
    POOL_TOP_K(
            "poolTopK",
            "pool-top-k",
            int.class,
            "score a clip by the mean of its best k windows (0 = all windows)",
            ModelConfig::poolTopK,
            (b, v) -> b.poolTopK((Integer) v),
            "pool"),
    MIXES(
            "mixes",
            "mixes",
            int.class,
            "background mixes added per labelled example at training time (0 = none)",
            ModelConfig::mixes,
            (b, v) -> b.mixes((Integer) v)),
    MIX_SNR_MIN_DB(
            "mixSnrMinDb",
            "mix-snr-min",
            double.class,
            "lowest signal-to-background ratio of a mix, dB",
            ModelConfig::mixSnrMinDb,
            (b, v) -> b.mixSnrMinDb((Double) v)),
    MIX_SNR_MAX_DB(
            "mixSnrMaxDb",
            "mix-snr-max",
            double.class,
            "highest signal-to-background ratio of a mix, dB",
            ModelConfig::mixSnrMaxDb,
            (b, v) -> b.mixSnrMaxDb((Double) v)),
    MIX_GAIN_DB(
            "mixGainDb",
            "mix-gain",
            double.class,
            "each mix is scaled by a random gain within +- this many dB",
            ModelConfig::mixGainDb,
            (b, v) -> b.mixGainDb((Double) v)),
    TYPICALITY(
            "typicality",
            "typicality",
            double.class,
            "how far each tag's scores are evened out against its typical score (0 = off)",
            ModelConfig::typicality,
            (b, v) -> b.typicality((Double) v)),
    FOLDS(
            "folds",
            "folds",
            Grouping.class,
            "what threshold calibration holds out together: each annotation (CLIP) or each recording"
                    + " session, annotations less than 30 minutes apart (SESSION)",
            ModelConfig::folds,
            (b, v) -> b.folds((Grouping) v)),
    SPREAD_KEEP(
            "spreadKeep",
            "spread-keep",
            double.class,
            "a detection also needs to be as close to one of the tag's examples as this share of its own"
                    + " examples are (0 = off, 1 = as close as the least typical one)",
            ModelConfig::spreadKeep,
            (b, v) -> b.spreadKeep((Double) v),
            "spread"),
    TYPICAL_BY(
            "typicalBy",
            "typical-by",
            Grouping.class,
            "what a tag's typical score leaves out at a time: CLIP or SESSION",
            ModelConfig::typicalBy,
            (b, v) -> b.typicalBy((Grouping) v)),
    WINDOW_MATCH(
            "windowMatch",
            "window-match",
            double.class,
            "weight of window-level matching of the speech embedding's windows (0 = off; needs the"
                    + " oww-speech-windows feature stage)",
            ModelConfig::windowMatch,
            (b, v) -> b.windowMatch((Double) v)),
    SCORE_CALIBRATION(
            "scoreCalibration",
            "score-cal",
            ModelConfig.ScoreCalibration.class,
            "per-tag map of the scores onto a common scale, from the out-of-fold scores of the tag's"
                    + " negatives: NONE, BACKGROUND_SHIFT, BACKGROUND_Z, NEGATIVES_SHIFT or NEGATIVES_Z",
            ModelConfig::scoreCalibration,
            (b, v) -> b.scoreCalibration((ModelConfig.ScoreCalibration) v)),
    SCORE_CALIBRATION_WEIGHT(
            "scoreCalibrationWeight",
            "score-cal-weight",
            double.class,
            "how far each tag's score moves towards its calibrated value, in [0, 1]",
            ModelConfig::scoreCalibrationWeight,
            (b, v) -> b.scoreCalibrationWeight((Double) v)),
    RIVALS(
            "rivals",
            "rivals",
            double.class,
            "weight of the other tags' examples in the background a tag's score is relative to (0 = off)",
            ModelConfig::rivals,
            (b, v) -> b.rivals((Double) v)),
    VIEWS(
            "views",
            "views",
            ModelConfig.Views.class,
            "score each feature stage on its own and combine: NONE (one vector), MEAN or MIN",
            ModelConfig::views,
            (b, v) -> b.views((ModelConfig.Views) v)),
    PSEUDO_UNKNOWNS(
            "pseudoUnknowns",
            "pseudo-unknowns",
            double.class,
            "mix each tag's examples with the nearest example of every other tag at this share (0 = off,"
                    + " at most 0.5) and count the mixes as background: a sound between two tags is unknown",
            ModelConfig::pseudoUnknowns,
            (b, v) -> b.pseudoUnknowns((Double) v)),
    OPEN_SPACE(
            "openSpace",
            "open-space",
            double.class,
            "each tag's threshold clears at least this share of its out-of-fold negatives, the background"
                    + " and the other tags' examples (0 = off, 1 = all of them)",
            ModelConfig::openSpace,
            (b, v) -> b.openSpace((Double) v)),
    AMBIGUITY(
            "ambiguity",
            "ambiguity",
            double.class,
            "a detection's score must beat every other tag's by this margin, or the segment is unknown" + " (0 = off)",
            ModelConfig::ambiguity,
            (b, v) -> b.ambiguity((Double) v)),
    MARGIN(
            "margin",
            "margin",
            double.class,
            "weight of the runner-up tag's score subtracted from each tag's score (0 = off): a sound that"
                    + " two tags claim alike scores lower",
            ModelConfig::margin,
            (b, v) -> b.margin((Double) v)),
    NEIGHBOUR_RATIO(
            "neighbourRatio",
            "neighbour-ratio",
            double.class,
            "a detection's distance to the tag's nearest example over its distance to the nearest"
                    + " background or other tag's example must not exceed this (0 = off)",
            ModelConfig::neighbourRatio,
            (b, v) -> b.neighbourRatio((Double) v)),
    SCORE_FLOOR(
            "scoreFloor",
            "score-floor",
            double.class,
            "no tag's threshold under this score before the typicality shift (0 = off; 0.5 = a sound as"
                    + " like the tag as like the background)",
            ModelConfig::scoreFloor,
            (b, v) -> b.scoreFloor((Double) v)),
    PSEUDO_NEGATIVES(
            "pseudoNegatives",
            "pseudo-negatives",
            double.class,
            "thresholds also calibrated against held-out examples mixed with another tag's at this share"
                    + " (0 = off, at most 0.5); scores are unchanged",
            ModelConfig::pseudoNegatives,
            (b, v) -> b.pseudoNegatives((Double) v));

    /** What kind of value an option takes. */
    public enum Kind {
        /** One of the names of an enum. */
        CHOICE,
        /** A finite decimal number. */
        NUMBER,
        /** A whole number. */
        INTEGER
    }

    private final String component;
    private final String key;
    private final Class<?> type;
    private final String help;
    private final Function<ModelConfig, Object> getter;
    private final BiConsumer<ModelConfig.Builder, Object> setter;
    private final List<String> aliases;

    ModelOption(
            String component,
            String key,
            Class<?> type,
            String help,
            Function<ModelConfig, Object> getter,
            BiConsumer<ModelConfig.Builder, Object> setter,
            String... aliases) {
        this.component = component;
        this.key = key;
        this.type = type;
        this.help = help;
        this.getter = getter;
        this.setter = setter;
        this.aliases = List.of(aliases);
    }

    /** Name in the hub's API, the model files and {@link ModelConfig}'s record component. */
    public String component() {
        return component;
    }

    /** Key in configuration specs ({@code key=value}) and the CLI flag without its dashes. */
    public String key() {
        return key;
    }

    /** A short explanation for people choosing the option. */
    public String help() {
        return help;
    }

    /** What kind of value it takes. */
    public Kind kind() {
        if (type.isEnum()) {
            return Kind.CHOICE;
        }
        return type == int.class ? Kind.INTEGER : Kind.NUMBER;
    }

    /** The names a {@link Kind#CHOICE} option accepts (empty for numbers). */
    public List<String> choices() {
        return type.isEnum()
                ? Arrays.stream(type.getEnumConstants())
                        .map(e -> ((Enum<?>) e).name())
                        .toList()
                : List.of();
    }

    /**
     * Whether the hub offers it: background-mix augmentation needs the examples' audio, which the
     * CLI's evaluation has and the hub's training does not, and it did not help in the rotations;
     * window matching needs the {@code oww-speech-windows} feature stage, which the hub's features lack;
     * score calibration, views, pseudo-unknowns, the open-space floor, the runner-up margin, the
     * nearest-neighbour ratio and the score floor are experiments the rotations did not adopt
     * (docs/recognition.md). Ambiguity rejection is offered so that the owner trial can measure it.
     */
    public boolean offeredByHub() {
        return this != MIXES
                && this != MIX_SNR_MIN_DB
                && this != MIX_SNR_MAX_DB
                && this != MIX_GAIN_DB
                && this != WINDOW_MATCH
                && this != SCORE_CALIBRATION
                && this != SCORE_CALIBRATION_WEIGHT
                && this != VIEWS
                && this != PSEUDO_UNKNOWNS
                && this != OPEN_SPACE
                && this != MARGIN
                && this != NEIGHBOUR_RATIO
                && this != SCORE_FLOOR
                && this != PSEUDO_NEGATIVES;
    }

    /** The option's value in {@code config}: an enum constant, a {@link Double} or an {@link Integer}. */
    public Object get(ModelConfig config) {
        return getter.apply(config);
    }

    /** The value as JSON shows it: enum constants by name, numbers as they are. */
    public Object jsonValue(ModelConfig config) {
        Object v = get(config);
        return v instanceof Enum<?> e ? e.name() : v;
    }

    /**
     * A copy of {@code config} with this option set to {@code value} (text, a number, or an enum
     * constant of the option's type).
     *
     * @throws IllegalArgumentException naming the option when the value is of the wrong kind or the
     *     resulting configuration is invalid
     */
    public ModelConfig apply(ModelConfig config, Object value) {
        ModelConfig.Builder b = config.toBuilder();
        set(b, value);
        return b.build();
    }

    /**
     * Sets this option on {@code builder} to {@code value} (text, a number, or an enum constant of the
     * option's type), leaving the range checks to {@link ModelConfig.Builder#build()}.
     *
     * @throws IllegalArgumentException naming the option when the value is of the wrong kind
     */
    public void set(ModelConfig.Builder builder, Object value) {
        setter.accept(builder, convert(value));
    }

    /**
     * The typed value of {@code value}.
     *
     * @throws IllegalArgumentException naming the option and what it accepts
     */
    public Object convert(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("option " + component + " needs a value");
        }
        if (type.isEnum()) {
            if (type.isInstance(value)) {
                return value;
            }
            String text = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
            for (Object e : type.getEnumConstants()) {
                if (((Enum<?>) e).name().equals(text)) {
                    return e;
                }
            }
            throw new IllegalArgumentException(
                    "option " + component + " must be one of " + choices() + ", got '" + value + "'");
        }
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + component + " must be a number, got '" + value + "'");
            }
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("option " + component + " must be a finite number");
        }
        if (type == int.class) {
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("option " + component + " must be a whole number, got " + value);
            }
            return (int) d;
        }
        return d;
    }

    /** The option named {@code component} in the API and model files. */
    public static Optional<ModelOption> byComponent(String component) {
        return Arrays.stream(values())
                .filter(o -> o.component.equals(component))
                .findFirst();
    }

    /** The option a spec key or one of its aliases names (case-insensitive). */
    public static Optional<ModelOption> byKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(o -> o.key.equals(k) || o.aliases.contains(k))
                .findFirst();
    }
}
