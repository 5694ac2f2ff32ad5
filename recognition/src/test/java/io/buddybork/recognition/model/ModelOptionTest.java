package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelOptionTest {

    @Test
    void everyComponentOfTheConfigurationIsExactlyOneOption() {
        List<String> components = Arrays.stream(ModelConfig.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        assertThat(Arrays.stream(ModelOption.values()).map(ModelOption::component))
                .containsExactlyElementsOf(components);
    }

    @Test
    void specKeysAndAliasesNameOneOptionEach() {
        List<String> keys = new ArrayList<>();
        for (ModelOption o : ModelOption.values()) {
            keys.add(o.key());
            assertThat(ModelOption.byKey(o.key())).contains(o);
        }
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(ModelOption.byKey("norm")).contains(ModelOption.NORMALISATION);
        assertThat(ModelOption.byKey("SVMC")).contains(ModelOption.SVM_C);
        assertThat(ModelOption.byKey("nonsense")).isEmpty();
    }

    @Test
    void everyOptionSetsOnlyItsOwnComponent() {
        ModelConfig base = ModelConfig.defaults();
        for (ModelOption o : ModelOption.values()) {
            Object other = switch (o.kind()) {
                case CHOICE ->
                    o.choices().stream()
                            .filter(c -> !c.equals(o.jsonValue(base)))
                            .findFirst()
                            .orElseThrow();
                case INTEGER -> ((Integer) o.get(base)) + 1;
                case NUMBER -> o == ModelOption.MIX_SNR_MIN_DB ? 1.0 : Math.min(1.0, (Double) o.get(base) / 2 + 0.25);
            };
            ModelConfig changed = o.apply(base, other);
            assertThat(o.jsonValue(changed)).as(o.component()).isEqualTo(other);
            for (ModelOption rest : ModelOption.values()) {
                if (rest != o) {
                    assertThat(rest.get(changed)).as(o + " left " + rest).isEqualTo(rest.get(base));
                }
            }
        }
    }

    @Test
    void valuesOfTheWrongKindAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> ModelOption.KNN_K.convert("2.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("knnK")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> ModelOption.LAMBDA.convert("NaN")).hasMessageContaining("finite");
        assertThatThrownBy(() -> ModelOption.LAMBDA.convert("ten")).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> ModelOption.SCORE.convert("loudest"))
                .hasMessageContaining("COSINE_BACKGROUND")
                .hasMessageContaining("'loudest'");
        assertThat(ModelOption.SCORE.convert("cosine")).isEqualTo(ModelConfig.ScoreFunction.COSINE);
    }

    @Test
    void theBuilderChecksRangesWhenItBuilds() {
        ModelConfig.Builder b = ModelConfig.defaults().toBuilder();
        ModelOption.MIX_SNR_MIN_DB.set(b, 30);
        assertThatThrownBy(b::build).hasMessageContaining("mixSnrMinDb <= mixSnrMaxDb");
        ModelOption.MIX_SNR_MAX_DB.set(b, 40);
        assertThat(b.build().mixSnrMaxDb()).isEqualTo(40);
    }

    @Test
    void theHubLeavesOutOnlyTheAugmentationWindowMatchingAndScoreExperimentOptions() {
        assertThat(Arrays.stream(ModelOption.values()).filter(o -> !o.offeredByHub()))
                .containsExactly(
                        ModelOption.MIXES,
                        ModelOption.MIX_SNR_MIN_DB,
                        ModelOption.MIX_SNR_MAX_DB,
                        ModelOption.MIX_GAIN_DB,
                        ModelOption.WINDOW_MATCH,
                        ModelOption.SCORE_CALIBRATION,
                        ModelOption.SCORE_CALIBRATION_WEIGHT,
                        ModelOption.VIEWS,
                        ModelOption.PSEUDO_UNKNOWNS,
                        ModelOption.OPEN_SPACE,
                        ModelOption.MARGIN,
                        ModelOption.NEIGHBOUR_RATIO,
                        ModelOption.SCORE_FLOOR,
                        ModelOption.PSEUDO_NEGATIVES);
    }
}
