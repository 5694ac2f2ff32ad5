package io.buddybork.recognition.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of a model's test, as the hub stores them (the {@code metrics} column) and shows them
 * (the API's {@code metrics}, documented in docs/api.md). Immutable.
 *
 * <p>The JSON has three shapes: an imported model ({@code imported}, {@code tested}), a trained
 * model whose test days held no labelled sound (no confusion matrix, per-tag figures or curves),
 * and a tested one. So the rule for every record here: a {@code null} component is left out of the
 * JSON, while {@link Optional#empty()} is written as {@code null} (a figure that was measured but is
 * not a number, e.g. a precision with nothing predicted). Reading is lenient: rows written by older
 * hubs read, with unknown keys ignored and missing ones {@code null}.
 *
 * @param imported true for a model imported from a file (not tested by the hub)
 * @param tested whether the test days held labelled sound to test on
 * @param testExamples test windows with audio
 * @param confusionMatrix true class (rows) against predicted class (columns), unknown last
 * @param perTag figures per tag, and for the unknown class
 * @param openSetMacroF1 macro F1 over the tags and unknown
 * @param closedSetAccuracy accuracy over the known tags
 * @param auroc known against unknown
 * @param prCurves per tag: the test PR curve, thinned, with the operating point
 * @param backgroundHours hours of unlabelled test audio
 * @param falseAlarms detections in the unlabelled test audio
 * @param falseAlarmsPerHour {@code falseAlarms / backgroundHours}; empty without background
 * @param falseAlarmsPerHourUpper its 95 % upper bound; empty without background
 * @param unseenHours how the time-of-day prior treats sounds at hours training never saw
 * @param warnings what the figures cannot promise, in plain words
 * @param timeOfDay per tag: share of its training annotations in each local hour (24 values)
 * @param timeOfDayZone the hub's time zone those hours are in
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelMetrics(
        Boolean imported,
        Boolean tested,
        Integer testExamples,
        ConfusionCounts confusionMatrix,
        Map<String, TagFigures> perTag,
        @JsonDeserialize(using = KeyPresent.class) Optional<Double> openSetMacroF1,
        @JsonDeserialize(using = KeyPresent.class) Optional<Double> closedSetAccuracy,
        @JsonDeserialize(using = KeyPresent.class) Optional<Double> auroc,
        Map<String, CurveSummary> prCurves,
        Double backgroundHours,
        Integer falseAlarms,
        @JsonDeserialize(using = KeyPresent.class) Optional<Double> falseAlarmsPerHour,
        @JsonDeserialize(using = KeyPresent.class) Optional<Double> falseAlarmsPerHourUpper,
        UnseenHours unseenHours,
        List<String> warnings,
        Map<String, List<Double>> timeOfDay,
        String timeOfDayZone) {

    /** The figures of a model imported from a file: the hub has not tested it. */
    public static ModelMetrics ofImport() {
        return new ModelMetrics(
                true, false, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The figures a list of models shows: whether it was imported or tested, and the headline scores. */
    public ModelMetrics headline() {
        return new ModelMetrics(
                imported,
                tested,
                null,
                null,
                null,
                openSetMacroF1,
                closedSetAccuracy,
                auroc,
                null,
                null,
                null,
                falseAlarmsPerHour,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * Reads an {@link Optional} component so that a key missing from the JSON stays {@code null}
     * (left out again when written) and a key holding {@code null} becomes {@link Optional#empty()}:
     * Jackson's own reading makes both empty, which would add keys to the JSON of older rows.
     */
    static final class KeyPresent extends StdDeserializer<Optional<?>> implements ContextualDeserializer {
        private static final long serialVersionUID = 1L;
        private final transient JavaType content;

        KeyPresent() {
            this(null);
        }

        private KeyPresent(JavaType content) {
            super(Optional.class);
            this.content = content;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return new KeyPresent(property.getType().containedType(0));
        }

        @Override
        public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Optional.ofNullable(ctxt.readValue(p, content));
        }

        @Override
        public Optional<?> getNullValue(DeserializationContext ctxt) {
            return Optional.empty();
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }

    /** The value of a measured figure: empty when it is not a finite number. */
    public static Optional<Double> measured(double value) {
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }

    /**
     * The confusion matrix.
     *
     * @param labels the classes: the tags, then unknown
     * @param counts test windows per true class (rows) and predicted class (columns)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfusionCounts(List<String> labels, List<List<Integer>> counts) {}

    /**
     * The test figures of one class. The unknown class has the first four only; a tag has all, with
     * the rule its threshold was chosen by.
     *
     * @param precision share of the class's predictions that were right
     * @param recall share of the class's windows caught
     * @param f1 harmonic mean of the two
     * @param support test windows of the class
     * @param truePositives windows of the tag predicted as the tag
     * @param predicted windows predicted as the tag
     * @param precisionCi 95 % Wilson interval of the precision
     * @param recallCi 95 % Wilson interval of the recall
     * @param threshold the tag's score threshold
     * @param targetReached whether calibration reached the precision target
     * @param thresholdBasis how the threshold was chosen
     * @param thresholdWarning why the threshold is weak, if it is
     * @param calibrationExamples the tag's examples in calibration
     * @param calibrationBackground background examples in calibration
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TagFigures(
            @JsonDeserialize(using = KeyPresent.class) Optional<Double> precision,
            @JsonDeserialize(using = KeyPresent.class) Optional<Double> recall,
            @JsonDeserialize(using = KeyPresent.class) Optional<Double> f1,
            Integer support,
            Integer truePositives,
            Integer predicted,
            List<Double> precisionCi,
            List<Double> recallCi,
            @JsonDeserialize(using = KeyPresent.class) Optional<Double> threshold,
            Boolean targetReached,
            @JsonDeserialize(using = KeyPresent.class) Optional<String> thresholdBasis,
            @JsonDeserialize(using = KeyPresent.class) Optional<String> thresholdWarning,
            Integer calibrationExamples,
            Integer calibrationBackground) {

        /** The figures every class has. */
        public static TagFigures of(double precision, double recall, double f1, int support) {
            return new TagFigures(
                    measured(precision),
                    measured(recall),
                    measured(f1),
                    support,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        /** These figures with the test counts behind them and their intervals. */
        public TagFigures withCounts(
                int truePositives, int predicted, List<Double> precisionCi, List<Double> recallCi) {
            return new TagFigures(
                    precision,
                    recall,
                    f1,
                    support,
                    truePositives,
                    predicted,
                    precisionCi,
                    recallCi,
                    threshold,
                    targetReached,
                    thresholdBasis,
                    thresholdWarning,
                    calibrationExamples,
                    calibrationBackground);
        }

        /** These figures with the tag's threshold and how it was chosen. */
        public TagFigures withThreshold(TagThreshold th) {
            return new TagFigures(
                    precision,
                    recall,
                    f1,
                    support,
                    truePositives,
                    predicted,
                    precisionCi,
                    recallCi,
                    measured(th.threshold()),
                    th.targetReached(),
                    Optional.ofNullable(th.basis()),
                    Optional.ofNullable(th.warning()),
                    th.positives(),
                    th.backgroundCount());
        }
    }

    /**
     * A test PR curve, thinned, with the tag's operating point on it.
     *
     * @param precision precision at each threshold
     * @param recall recall at each threshold
     * @param thresholds the thresholds, descending
     * @param positives the tag's test windows
     * @param operatingPoint where the tag's threshold sits
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CurveSummary(
            List<Double> precision,
            List<Double> recall,
            List<Double> thresholds,
            int positives,
            OperatingPoint operatingPoint) {}

    /**
     * The point of a PR curve the tag's threshold picks.
     *
     * @param threshold the threshold (empty when not a number)
     * @param precision the precision there (empty when the threshold is above every score)
     * @param recall the recall there
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OperatingPoint(Optional<Double> threshold, Optional<Double> precision, double recall) {}

    /**
     * Test sounds caught at their own hour and at an hour training never saw.
     *
     * @param shiftHours how far the sounds were moved
     * @param examples labelled test sounds
     * @param caughtAtTheirHour caught at their own hour
     * @param caught12HoursLater caught when moved
     * @param timePriorWeight the weight of the time-of-day prior
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UnseenHours(
            @com.fasterxml.jackson.annotation.JsonProperty("shift_hours")
            long shiftHours,

            int examples,

            @com.fasterxml.jackson.annotation.JsonProperty("caught_at_their_hour")
            int caughtAtTheirHour,

            @com.fasterxml.jackson.annotation.JsonProperty("caught_12_hours_later")
            int caught12HoursLater,

            @com.fasterxml.jackson.annotation.JsonProperty("time_prior_weight")
            double timePriorWeight) {}
}
