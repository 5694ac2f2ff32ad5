package io.buddybork.recognition.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.recognition.model.ModelConfig;
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
}
