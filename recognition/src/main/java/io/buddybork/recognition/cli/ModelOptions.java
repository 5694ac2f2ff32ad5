package io.buddybork.recognition.cli;

import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelOption;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Pipeline options shared by the training commands: one {@code --key VALUE} flag per {@link
 * ModelOption}, generated from that list (so the CLI, configuration specs and the hub cannot drift),
 * over {@link ModelConfig#defaults()}. Not thread-safe; one instance per command invocation.
 */
@Command(modelTransformer = ModelOptions.PipelineFlags.class)
public final class ModelOptions {

    private static final ModelConfig D = ModelConfig.defaults();

    @Option(
            names = "--baseline",
            description = "use the classic baseline (MFCC mean/std -> LDA -> logistic regression, posterior score);"
                    + " only --window, --hop and --target-precision still apply")
    boolean baseline;

    @Option(names = "--seed", description = "training seed (default: ${DEFAULT-VALUE})")
    long seed = 42;

    /** Values given on the command line, already converted by their option. */
    private final Map<ModelOption, Object> given = new EnumMap<>(ModelOption.class);

    /** The configuration these options describe. */
    ModelConfig toConfig() {
        if (baseline) {
            // The pipeline is fixed; how clips are windowed and the precision target still apply.
            ModelConfig c = ModelConfig.classicBaseline();
            for (ModelOption o :
                    new ModelOption[] {ModelOption.WINDOW_SECONDS, ModelOption.HOP_SECONDS, ModelOption.TARGET_PRECISION
                    }) {
                if (given.containsKey(o)) {
                    c = o.apply(c, given.get(o));
                }
            }
            return c;
        }
        ModelConfig c = D;
        for (Map.Entry<ModelOption, Object> e : given.entrySet()) {
            c = e.getKey().apply(c, e.getValue());
        }
        return c;
    }

    /**
     * Adds one flag per {@link ModelOption} to the command holding the options (once), each storing
     * into that instance's {@link #given}.
     */
    static final class PipelineFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            // Picocli hands a mixin's transformer the spec of the command it is mixed into.
            ModelOptions target = spec.userObject() instanceof ModelOptions own
                    ? own
                    : spec.mixins().values().stream()
                            .map(CommandSpec::userObject)
                            .filter(ModelOptions.class::isInstance)
                            .map(ModelOptions.class::cast)
                            .findFirst()
                            .orElse(null);
            if (target == null || spec.findOption("--" + ModelOption.PROJECTOR.key()) != null) {
                return spec;
            }
            for (ModelOption o : ModelOption.values()) {
                String choices = o.kind() == ModelOption.Kind.CHOICE ? " (" + String.join(", ", o.choices()) + ")" : "";
                spec.addOption(OptionSpec.builder("--" + o.key())
                        .paramLabel(o.kind() == ModelOption.Kind.CHOICE ? "NAME" : "NUMBER")
                        .type(String.class)
                        .description(o.help() + choices + " (default: " + o.jsonValue(D) + ")")
                        .setter(new CommandLine.Model.ISetter() {
                            @Override
                            @SuppressWarnings("unchecked")
                            public <T> T set(T value) {
                                if (value == null) {
                                    return null; // picocli's reset before parsing: the default stays
                                }
                                try {
                                    target.given.put(o, o.convert(value));
                                } catch (IllegalArgumentException e) {
                                    throw new CommandLine.ParameterException(
                                            spec.commandLine(), "--" + o.key() + ": " + e.getMessage(), e);
                                }
                                return null;
                            }
                        })
                        .build());
            }
            return spec;
        }
    }
}
