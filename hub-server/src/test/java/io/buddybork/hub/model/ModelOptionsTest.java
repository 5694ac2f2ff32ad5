package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.recognition.model.ModelConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model options read from the recognition module's ModelConfig. */
class ModelOptionsTest {

    @Test
    void noOptionsMeansTheDefaults() {
        assertThat(ModelOptions.parse(null)).isEqualTo(ModelConfig.defaults());
        assertThat(ModelOptions.parse(Map.of())).isEqualTo(ModelConfig.defaults());
    }

    @Test
    void namedOptionsOverrideTheDefaults() {
        ModelConfig c = ModelOptions.parse(Map.of("classifier", "logistic", "targetPrecision", 0.8, "knnK", 5));
        assertThat(c.classifier()).isEqualTo(ModelConfig.ClassifierKind.LOGISTIC);
        assertThat(c.targetPrecision()).isEqualTo(0.8);
        assertThat(c.knnK()).isEqualTo(5);
        assertThat(c.projector()).isEqualTo(ModelConfig.defaults().projector());
        assertThat(ModelOptions.parse(ModelOptions.toMap(c))).isEqualTo(c);
    }

    @Test
    void theSessionAndSpreadOptionsAreOfferedOffByDefault() {
        ModelConfig c = ModelOptions.parse(Map.of("folds", "session", "typicalBy", "SESSION", "spreadKeep", 1));
        assertThat(c.folds()).isEqualTo(ModelConfig.Grouping.SESSION);
        assertThat(c.typicalBy()).isEqualTo(ModelConfig.Grouping.SESSION);
        assertThat(c.spreadKeep()).isEqualTo(1.0);
        assertThat(ModelOptions.describe())
                .filteredOn(o -> o.name().equals("folds"))
                .singleElement()
                .satisfies(o -> assertThat(o.choices()).containsExactly("CLIP", "SESSION"))
                .satisfies(o -> assertThat(o.defaultValue()).isEqualTo("CLIP"));
        assertThatThrownBy(() -> ModelOptions.parse(Map.of("spreadKeep", 2)))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("spreadKeep");
    }

    @Test
    void everyEnumComponentIsAChoice() {
        assertThat(ModelOptions.describe())
                .filteredOn(o -> o.name().equals("projector"))
                .singleElement()
                .satisfies(o -> assertThat(o.choices()).contains("NONE", "PCA", "LDA"));
        assertThat(ModelOptions.describe())
                .extracting(ModelOptions.Option::name)
                .contains("targetPrecision", "timePriorWeight");
    }

    @Test
    void theHubOffersTypicalityButNotTheCliOnlyBackgroundMixes() {
        assertThat(ModelOptions.describe())
                .extracting(ModelOptions.Option::name)
                .contains("typicality", "normalisation", "poolTopK")
                .doesNotContain("mixes", "mixSnrMinDb", "mixSnrMaxDb", "mixGainDb");
        assertThat(ModelOptions.describe())
                .filteredOn(o -> o.name().equals("typicality"))
                .singleElement()
                .satisfies(o -> assertThat(o.defaultValue()).isEqualTo(ModelConfig.DEFAULT_TYPICALITY));
        assertThat(ModelOptions.describe())
                .filteredOn(o -> o.name().equals("timePriorWeight"))
                .singleElement()
                .satisfies(o -> assertThat(o.defaultValue()).isEqualTo(0.0));
        assertThatThrownBy(() -> ModelOptions.parse(Map.of("mixes", 4))).hasMessageContaining("unknown model option");
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ModelOptions.parse(Map.of("nope", 1)))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("unknown model option 'nope'");
        assertThatThrownBy(() -> ModelOptions.parse(Map.of("knnK", 2.5))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ModelOptions.parse(Map.of("targetPrecision", "high")))
                .hasMessageContaining("number");
        assertThatThrownBy(() -> ModelOptions.parse(Map.of("targetPrecision", 0)))
                .hasMessageContaining("targetPrecision");
    }

    @Test
    void theOfferedOptionsKeepTheirApiNamesKindsAndOrder() {
        assertThat(ModelOptions.describe())
                .extracting(o -> o.name() + ":" + o.kind())
                .containsExactly(
                        "projector:choice",
                        "pcaVariance:number",
                        "classifier:choice",
                        "lambda:number",
                        "svmC:number",
                        "knnK:integer",
                        "score:choice",
                        "targetPrecision:number",
                        "windowSeconds:number",
                        "hopSeconds:number",
                        "timePriorWeight:number",
                        "inputs:choice",
                        "normalisation:choice",
                        "poolTopK:integer",
                        "typicality:number",
                        "folds:choice",
                        "spreadKeep:number",
                        "typicalBy:choice",
                        "rivals:number",
                        "ambiguity:number");
        assertThat(ModelOptions.describe()).allSatisfy(o -> assertThat(o.help()).isNotBlank());
    }

    @Test
    void optionsThatAreOnlyTogetherOutOfRangeAreCheckedTogether() {
        assertThat(ModelOptions.parse(Map.of("windowSeconds", 3, "hopSeconds", 0.5))
                        .hopSeconds())
                .isEqualTo(0.5);
        assertThatThrownBy(() -> ModelOptions.parse(Map.of("knnK", 2.5)))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("whole number");
    }
}
