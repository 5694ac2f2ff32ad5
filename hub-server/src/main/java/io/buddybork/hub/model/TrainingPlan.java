package io.buddybork.hub.model;

import io.buddybork.recognition.model.ModelConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A checked training request: the model's name, its tags in classifier order, the four day sets of
 * the split, and the pipeline options. Immutable; built only by {@link ModelService#plan}.
 *
 * @param request the request as submitted, kept with the job
 */
public record TrainingPlan(
        String name,
        List<ModelRequests.ModelTag> tags,
        List<LocalDate> trainDays,
        List<LocalDate> trainBackgroundDays,
        List<LocalDate> testDays,
        List<LocalDate> testBackgroundDays,
        ModelConfig config,
        Map<String, Object> request) {

    public TrainingPlan {
        tags = List.copyOf(tags);
        trainDays = List.copyOf(trainDays);
        trainBackgroundDays = List.copyOf(trainBackgroundDays);
        testDays = List.copyOf(testDays);
        testBackgroundDays = List.copyOf(testBackgroundDays);
    }

    /** Tag names in classifier order. */
    public List<String> tagNames() {
        return tags.stream().map(ModelRequests.ModelTag::name).toList();
    }
}
