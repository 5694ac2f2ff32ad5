package io.buddybork.hub.model;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model options the hub offers: the recognition module's {@link ModelOption} list (minus what
 * needs the examples' audio), as the API and the models page show them. Requests name options by
 * their API name; what is not named keeps {@link ModelConfig#defaults()}. Stateless.
 */
public final class ModelOptions {

    private ModelOptions() {}

    /** One option: its name, kind ({@code choice}, {@code number}, {@code integer}), choices, default. */
    public record Option(String name, String kind, List<String> choices, Object defaultValue, String help) {}

    /** Every option with its default. */
    public static List<Option> describe() {
        ModelConfig defaults = ModelConfig.defaults();
        List<Option> out = new ArrayList<>();
        for (ModelOption o : offered()) {
            out.add(new Option(
                    o.component(),
                    o.kind().name().toLowerCase(Locale.ROOT),
                    o.choices(),
                    o.jsonValue(defaults),
                    o.help()));
        }
        return out;
    }

    /** The options of a configuration as a JSON-ready map (option name to value). */
    public static Map<String, Object> toMap(ModelConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ModelOption o : offered()) {
            out.put(o.component(), o.jsonValue(config));
        }
        return out;
    }

    /**
     * The configuration of {@code options} over the defaults.
     *
     * @throws ProblemException 400 {@code unknown-option} or {@code bad-option}
     */
    public static ModelConfig parse(Map<String, Object> options) {
        ModelConfig defaults = ModelConfig.defaults();
        if (options == null || options.isEmpty()) {
            return defaults;
        }
        List<ModelOption> offered = offered();
        Map<ModelOption, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : options.entrySet()) {
            ModelOption o = ModelOption.byComponent(e.getKey())
                    .filter(offered::contains)
                    .orElseThrow(() -> ProblemException.badRequest(
                            "unknown-option",
                            "unknown model option '" + e.getKey() + "'; the options are "
                                    + String.join(
                                            ", ",
                                            offered.stream()
                                                    .map(ModelOption::component)
                                                    .toList())));
            if (e.getValue() != null) {
                values.put(o, e.getValue());
            }
        }
        try {
            ModelConfig.Builder b = defaults.toBuilder();
            for (Map.Entry<ModelOption, Object> e : values.entrySet()) {
                e.getKey().set(b, e.getValue());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("bad-option", e.getMessage());
        }
    }

    private static List<ModelOption> offered() {
        return Arrays.stream(ModelOption.values())
                .filter(ModelOption::offeredByHub)
                .toList();
    }
}
