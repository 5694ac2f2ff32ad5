package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.db.Sql;
import io.buddybork.hub.testing.RolledBack;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How model rows map to records and back. Each test runs in a transaction that is rolled back, so
 * no other test (nor the training runner of this hub) ever sees its rows.
 */
@QuarkusTest
class ModelRepositoryTest {

    @Inject
    ModelRepository models;

    @Inject
    Sql sql;

    private static String unique() {
        return "repo-test-" + UUID.randomUUID();
    }

    @Test
    void anInsertedModelReadsBackWithItsJsonTextAndTheColumnsMicroseconds() throws SQLException {
        RolledBack.run(() -> {
            String name = unique();
            long id = models.insert(new ModelRepository.NewModel(
                    name, "[{\"id\": 7, \"name\": \"bark\"}]", null, "{}", "models/x.model"));
            ModelRepository.ModelRow row = models.find(id).orElseThrow();
            assertThat(row.id()).isEqualTo(id);
            assertThat(row.name()).isEqualTo(name);
            assertThat(row.tags()).contains("\"bark\"");
            assertThat(row.metrics()).isNull();
            assertThat(row.training()).isEqualTo("{}");
            assertThat(row.filePath()).isEqualTo("models/x.model");
            assertThat(row.active()).isFalse();
            assertThat(row.created()).isEqualTo(createdInDatabase(id));
            assertThat(models.list()).contains(row);
        });
    }

    private Instant createdInDatabase(long id) throws SQLException {
        return sql.first(
                        "select to_char(created at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                                + " from model where id = ?",
                        rs -> Instant.parse(rs.getString(1)),
                        id)
                .orElseThrow();
    }

    @Test
    void aRowWithoutFileLocksAsNullAndAMissingRowAsEmpty() throws SQLException {
        RolledBack.run(() -> {
            long id = models.insert(new ModelRepository.NewModel(unique(), "[]", null, null, null));
            assertThat(models.lockFile(id)).contains(new ModelRepository.LockedFile(null));
            assertThat(models.lockFile(-1)).isEmpty();
            assertThat(models.find(-1)).isEmpty();
            assertThat(models.rename(-1, "x")).isFalse();
        });
    }

    @Test
    void renameAndDeleteSayWhetherTheRowWasThere() throws SQLException {
        RolledBack.run(() -> {
            long id = models.insert(new ModelRepository.NewModel(unique(), "[]", null, null, null));
            assertThat(models.rename(id, "renamed")).isTrue();
            assertThat(models.find(id).orElseThrow().name()).isEqualTo("renamed");
            assertThat(models.delete(id)).contains(false);
            assertThat(models.delete(id)).isEmpty();
        });
    }

    @Test
    void thresholdsRoundTripAndNullClearsThem() throws SQLException {
        RolledBack.run(() -> {
            long id = models.insert(new ModelRepository.NewModel(unique(), "[]", null, null, null));
            assertThat(models.lockThresholds(id)).contains(new ModelRepository.Thresholds(null, false));
            models.setThresholds(id, "{\"bark\": 0.5}");
            assertThat(models.lockThresholds(id).orElseThrow().json()).isEqualTo("{\"bark\": 0.5}");
            models.setThresholds(id, null);
            assertThat(models.lockThresholds(id).orElseThrow().json()).isNull();
            assertThat(models.lockThresholds(-1)).isEmpty();
        });
    }

    @Test
    void trainingSegmentsThatNoLongerExistAreLeftOut() throws SQLException {
        RolledBack.run(() -> {
            long id = models.insert(new ModelRepository.NewModel(unique(), "[]", null, null, null));
            models.addTrainingSegments(id, List.of(-1L, -2L));
            assertThat(count("select count(*) from model_training_segment where model_id = ?", id))
                    .isZero();
        });
    }

    private long count(String query, Object... params) throws SQLException {
        return sql.count(query, params);
    }

    @Test
    void aTagIsCreatedOnceAndACaseVariantIsFound() throws SQLException {
        RolledBack.run(() -> {
            String tag = unique();
            long id = models.tagIdCreating(tag);
            assertThat(models.tagIdCreating(tag)).isEqualTo(id);
            assertThat(models.tagName(id)).contains(tag);
            assertThat(models.tagDifferingInCase(tag.toUpperCase())).contains(tag);
            assertThat(models.tagDifferingInCase(tag)).isEmpty();
        });
    }
}
