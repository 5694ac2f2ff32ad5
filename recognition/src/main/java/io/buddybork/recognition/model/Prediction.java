package io.buddybork.recognition.model;

import java.util.Map;
import java.util.Optional;

/**
 * Result of scoring one segment: the best-scoring known tag and its score, whether that score
 * clears the tag's threshold (otherwise the segment is "unknown": no detection), and every tag's
 * score. Immutable.
 *
 * @param bestTag the known tag with the highest score (a candidate even when unknown)
 * @param score that tag's score, in [0, 1]
 * @param known whether {@code score} reached the tag's threshold
 * @param tagScores score per tag, in tag order
 */
public record Prediction(String bestTag, double score, boolean known, Map<String, Double> tagScores) {

    public Prediction {
        // Keep the caller's (tag) order: a LinkedHashMap copy, read-only.
        tagScores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tagScores));
    }

    /** The detected tag, or empty when the segment is unknown. */
    public Optional<String> tag() {
        return known ? Optional.of(bestTag) : Optional.empty();
    }
}
