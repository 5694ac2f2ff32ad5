package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON of {@link ModelMetrics} is the API's: the fixtures {@code trained.json},
 * {@code trained-headline.json} and {@code imported.json} were captured from the hub's API before
 * the figures were typed (a map per model); {@code untested.json} and {@code not-a-number.json}
 * follow the map-building code of that time for the shapes the captured model did not show.
 */
class ModelMetricsJsonTest {
    private static final JsonMapper JSON =
            JsonMapper.builder().addModule(new Jdk8Module()).build();

    @ParameterizedTest
    @ValueSource(strings = {"trained", "trained-headline", "imported", "untested", "not-a-number"})
    void storedFiguresReadAndWriteTheSameJson(String fixture) throws IOException {
        JsonNode stored = fixture(fixture);

        ModelMetrics metrics = JSON.treeToValue(stored, ModelMetrics.class);

        assertThat(JSON.readTree(JSON.writeValueAsString(metrics))).isEqualTo(stored);
    }

    @Test
    void headlineKeepsTheListFiguresOnly() throws IOException {
        ModelMetrics trained = JSON.treeToValue(fixture("trained"), ModelMetrics.class);

        assertThat((JsonNode) JSON.valueToTree(trained.headline())).isEqualTo(fixture("trained-headline"));
    }

    @Test
    void anImportIsMarkedImportedAndUntested() throws IOException {
        assertThat((JsonNode) JSON.valueToTree(ModelMetrics.ofImport())).isEqualTo(fixture("imported"));
    }

    @Test
    void figuresThatAreNotNumbersAreWrittenAsNullNotLeftOut() throws IOException {
        ModelMetrics metrics = JSON.treeToValue(fixture("not-a-number"), ModelMetrics.class);

        assertThat(metrics.auroc()).isEmpty();
        assertThat(metrics.perTag().get("unknown").precision()).isEmpty();
        assertThat(metrics.perTag().get("unknown").threshold()).isNull();
        JsonNode written = JSON.valueToTree(metrics);
        assertThat(written.has("auroc")).isTrue();
        assertThat(written.get("auroc").isNull()).isTrue();
        assertThat(written.get("per_tag").get("unknown").has("threshold")).isFalse();
        assertThat(ModelMetrics.measured(Double.NaN)).isEmpty();
        assertThat(ModelMetrics.measured(0.25)).isEqualTo(Optional.of(0.25));
    }

    @Test
    void rowsOfOlderHubsReadWithUnknownKeysIgnored() throws IOException {
        ModelMetrics metrics = JSON.readValue(
                "{\"tested\":true,\"auroc\":0.9,\"retired_figure\":3,\"per_tag\":{\"bark\":{\"f1\":0.5,\"x\":1}}}",
                ModelMetrics.class);

        assertThat(metrics.auroc()).contains(0.9);
        assertThat(metrics.perTag().get("bark").f1()).contains(0.5);
        assertThat(metrics.falseAlarmsPerHour()).isNull();
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = ModelMetricsJsonTest.class.getResourceAsStream("metrics/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }
}
