package io.buddybork.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What ingest reports about its own load to work that gives way to it. */
class IngestPressureTest {

    @Test
    void countsUploadsInFlightUntilTheyFinish() {
        IngestPressure p = new IngestPressure();
        long a = p.started();
        long b = p.started();
        assertThat(p.inFlight()).isEqualTo(2);
        p.finished(a);
        p.finished(b);
        assertThat(p.inFlight()).isZero();
    }

    @Test
    void aSlowUploadRaisesTheRecentLatencyWhichIsForgottenAfterASecondWithoutUploads() {
        IngestPressure p = new IngestPressure();
        assertThat(p.recentNanos()).isZero();
        long start = p.started() - 400_000_000L; // as if it had started 400 ms ago
        p.finished(start);
        assertThat(p.recentNanos()).isGreaterThanOrEqualTo(400_000_000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> p.recentNanos() == 0);
    }

    @Test
    void fastUploadsBringTheRecentMeanDown() {
        IngestPressure p = new IngestPressure();
        p.finished(p.started() - 400_000_000L);
        for (int i = 0; i < 60; i++) {
            p.finished(p.started());
        }
        assertThat(p.recentNanos()).isLessThan(2_000_000L);
    }
}
