package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON of {@link TrainingReport} is the API's {@code training}: the fixtures were captured from
 * the API before the summary was typed (a map per model).
 */
class TrainingReportJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"training", "training-imported"})
    void storedSummariesReadAndWriteTheSameJson(String fixture) throws IOException {
        JsonNode stored = fixture(fixture);

        TrainingReport report = JSON.treeToValue(stored, TrainingReport.class);

        assertThat(JSON.readTree(JSON.writeValueAsString(report))).isEqualTo(stored);
    }

    @Test
    void suspectsKeepTheirCamelCaseKeys() {
        TrainingReport report = new TrainingReport(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(new TrainingReport.Suspect("bark", 7, 1_000, 0.75)),
                null,
                null,
                null,
                null,
                null);

        assertThat(JSON.valueToTree(report).toString())
                .isEqualTo(
                        "{\"background_suspects\":[{\"tag\":\"bark\",\"rawId\":7,\"startMs\":1000,\"score\":0.75}]}");
    }

    @Test
    void soundPerDayComesFromTheBackgroundOfTheTrainingDays() throws IOException {
        TrainingReport trained = JSON.treeToValue(fixture("training"), TrainingReport.class);
        TrainingReport imported = JSON.treeToValue(fixture("training-imported"), TrainingReport.class);

        assertThat(trained.soundSegmentsPerDay()).isEqualTo(28 / 2.0);
        assertThat(imported.soundSegmentsPerDay()).isNull();
        assertThat(JSON.readValue("{\"retired\":1}", TrainingReport.class).soundSegmentsPerDay())
                .isNull();
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = TrainingReportJsonTest.class.getResourceAsStream("api-metrics/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }
}
