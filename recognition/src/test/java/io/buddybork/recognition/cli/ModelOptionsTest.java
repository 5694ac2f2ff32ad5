package io.buddybork.recognition.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelOption;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelOptionsTest {

    private static ModelConfig parse(String... args) {
        ModelOptions options = new ModelOptions();
        new CommandLine(options).parseArgs(args);
        return options.toConfig();
    }

    @Test
    void withoutOptionsTheDefaultsApply() {
        assertThat(parse()).isEqualTo(ModelConfig.defaults());
    }

    @Test
    void theBaselineKeepsItsPipelineButHonoursWindowingAndPrecision() {
        assertThat(parse("--baseline")).isEqualTo(ModelConfig.classicBaseline());
        ModelConfig windowed = parse(
                "--baseline", "--window", "3", "--hop", "0.5", "--target-precision", "0.8", "--classifier", "KNN");
        assertThat(windowed)
                .isEqualTo(ModelConfig.classicBaseline().withWindow(3, 0.5).withTargetPrecision(0.8));
        assertThat(windowed.classifier()).isEqualTo(ModelConfig.ClassifierKind.LOGISTIC);
    }

    @Test
    void everyPipelineOptionHasItsFlag() {
        CommandLine cli = new CommandLine(new ModelOptions());
        for (ModelOption o : ModelOption.values()) {
            assertThat(cli.getCommandSpec().findOption("--" + o.key()))
                    .as(o.key())
                    .isNotNull();
        }
        ModelConfig c = parse("--normalisation", "background", "--pool-top-k", "1", "--spread-keep", "0.5");
        assertThat(c)
                .isEqualTo(ModelConfig.defaults()
                        .withNormalisation(ModelConfig.Normalisation.BACKGROUND)
                        .withPoolTopK(1)
                        .withSpreadKeep(0.5));
    }

    @Test
    void aBadValueIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> parse("--k", "two"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--k")
                .hasMessageContaining("must be a number");
    }
}
