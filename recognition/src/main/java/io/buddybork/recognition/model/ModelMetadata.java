package io.buddybork.recognition.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.buddybork.recognition.feature.FeatureConfig;
import java.util.List;
import java.util.Map;

/**
 * The human- and hub-readable description stored next to every model file as JSON. Immutable.
 *
 * @param formatVersion model file format version
 * @param createdAt ISO-8601 creation instant
 * @param tags known tags
 * @param featureConfig feature configuration (with its version)
 * @param featureFingerprint {@link FeatureConfig#fingerprint()}
 * @param modelConfig pipeline configuration
 * @param thresholds per-tag thresholds
 * @param calibrationCurves per-tag PR curves the thresholds were chosen on
 * @param trainingSummary what the model was trained on
 * @param timeModelTags tags with a time-of-day model
 * @param metrics the figures of the model's test, as the tool that made the file wrote them (the hub's
 *     {@link ModelMetrics}, or the CLI's evaluation report), kept as JSON; empty when untested
 * @param libraries versions of the code and libraries that built the model
 */
public record ModelMetadata(
        int formatVersion,
        String createdAt,
        List<String> tags,
        FeatureConfig featureConfig,
        String featureFingerprint,
        ModelConfig modelConfig,
        List<TagThreshold> thresholds,
        Map<String, PrCurve> calibrationCurves,
        TrainingSummary trainingSummary,
        List<String> timeModelTags,
        JsonNode metrics,
        Map<String, String> libraries) {}
