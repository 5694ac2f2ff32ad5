package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.testing.RolledBack;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * How a training job's row maps to what a client sees. In a transaction that is rolled back, so
 * the training runner never sees the queued row.
 */
@QuarkusTest
class TrainingJobRepositoryTest {

    @Inject
    TrainingJobRepository jobs;

    @Test
    void aStoredJobWithoutModelOrEndReadsAsNullsAndItsWritesReadBack() throws SQLException {
        RolledBack.run(this::check);
    }

    /** The checks, inside the transaction. */
    private void check() throws SQLException {
        long id = jobs.insert("{\"name\": \"evening barks\", \"tagIds\": [1]}", "owner");
        assertThat(jobs.request(id).orElseThrow().name()).isEqualTo("evening barks");
        assertThat(jobs.request(id).orElseThrow().json()).contains("\"tagIds\"");
        assertThat(jobs.newestId()).contains(id);

        ModelRequests.JobView queued = jobs.find(id).orElseThrow();
        assertThat(queued.jobId()).isEqualTo(id);
        assertThat(queued.state()).isEqualTo("queued");
        assertThat(queued.modelId()).isNull();
        assertThat(queued.finished()).isNull();
        assertThat(queued.name()).isEqualTo("evening barks");
        assertThat(queued.version()).isZero();
        assertThat(Instant.parse(queued.created())).isNotNull();

        jobs.markRunning(id, "collecting audio");
        assertThat(jobs.find(id).orElseThrow().stage()).isEqualTo("collecting audio");

        Instant end = Instant.parse("2026-12-06T21:00:00.123Z");
        jobs.write(new TrainingJobRepository.Progress(id, "failed", 0.5, "failed", null, "no audio", end));
        ModelRequests.JobView failed = jobs.find(id).orElseThrow();
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.progress()).isEqualTo(0.5);
        assertThat(failed.error()).isEqualTo("no audio");
        assertThat(failed.finished()).isEqualTo(end.toString());
        assertThat(jobs.find(-1)).isEmpty();
    }

    @Test
    void anUnknownJobHasNoRequest() throws SQLException {
        assertThat(jobs.request(-1)).isEmpty();
    }
}
