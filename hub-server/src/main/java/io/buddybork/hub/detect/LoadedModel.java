package io.buddybork.hub.detect;

import io.buddybork.recognition.model.OpenSetModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model from the {@code model} table loaded for scoring: its row id and name, the recogniser, the
 * hub tag id of each of the classifier's tags (by name), and the thresholds live detection uses
 * (the trained ones, or the owner's sensitivity settings from the row). Immutable and thread-safe.
 */
public record LoadedModel(
        long id, String name, OpenSetModel model, Map<String, Long> tagIds, Map<String, Double> overrides) {

    public LoadedModel {
        tagIds = Map.copyOf(tagIds);
        overrides = Map.copyOf(overrides);
    }

    /** A loaded model with its trained thresholds. */
    public LoadedModel(long id, String name, OpenSetModel model, Map<String, Long> tagIds) {
        this(id, name, model, tagIds, Map.of());
    }

    /** The threshold live detection uses for each tag, in classifier order. */
    public double[] effectiveThresholds() {
        return model.thresholds().stream()
                .mapToDouble(t -> overrides.getOrDefault(t.tag(), t.threshold()))
                .toArray();
    }

    /** Scores one segment vector captured at {@code time} against the effective thresholds, with its novelty. */
    public OpenSetModel.Assessment assess(float[] vector, Instant time) {
        return model.assess(vector, time, overrides.isEmpty() ? null : effectiveThresholds());
    }

    /** Tag id, name and effective threshold of each tag, in classifier order. */
    public List<DetectorStatus.TagThresholdView> thresholds() {
        double[] effective = effectiveThresholds();
        return java.util.stream.IntStream.range(0, effective.length)
                .mapToObj(i -> {
                    String tag = model.tags().get(i);
                    return new DetectorStatus.TagThresholdView(tagIds.get(tag), tag, effective[i]);
                })
                .toList();
    }
}
