package io.buddybork.hub.detect;

import io.buddybork.recognition.model.OpenSetModel;
import java.util.List;
import java.util.Map;

/**
 * A model from the {@code model} table loaded for scoring: its row id and name, the recogniser, and
 * the hub tag id of each of the classifier's tags (by name). Immutable and thread-safe.
 */
public record LoadedModel(long id, String name, OpenSetModel model, Map<String, Long> tagIds) {

    public LoadedModel {
        tagIds = Map.copyOf(tagIds);
    }

    /** Tag id, name and threshold of each tag, in classifier order. */
    public List<DetectorStatus.TagThresholdView> thresholds() {
        return model.thresholds().stream()
                .map(t -> new DetectorStatus.TagThresholdView(tagIds.get(t.tag()), t.tag(), t.threshold()))
                .toList();
    }
}
