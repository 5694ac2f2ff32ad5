package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.db.Sql;
import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.model.ModelRepository;
import io.buddybork.hub.testing.RolledBack;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The catch-up claims of {@link DetectionRepository}: detect nodes walking the same unscored
 * segments score each once, a claim of a node that went away lapses with its lease, and a segment
 * already scored is claimed by no node. Every case runs in a transaction that is rolled back.
 */
@QuarkusTest
class DetectClaimTest {
    private static final long MINUTE = 60_000;

    @Inject
    DetectionRepository detections;

    @Inject
    SegmentRepository segments;

    @Inject
    ModelRepository models;

    @Inject
    Sql sql;

    /** Ids no other test uses; the claim table has no foreign keys. */
    private static long unusedId() {
        return 8_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    }

    @Test
    void aSegmentClaimedByOneNodeIsRefusedToAnotherUntilTheLeaseEnds() throws SQLException {
        RolledBack.run(() -> {
            long raw = unusedId();
            long model = unusedId();

            assertThat(detections.claim(raw, model, "node-a", MINUTE)).isTrue();
            assertThat(detections.claim(raw, model, "node-b", MINUTE))
                    .as("another node while the lease runs")
                    .isFalse();
            assertThat(detections.claim(raw, model, "node-a", MINUTE))
                    .as("the holder again")
                    .isTrue();
            assertThat(detections.claim(raw, model + 1, "node-b", MINUTE))
                    .as("the same segment for another model")
                    .isTrue();

            sql.update(
                    "update detect_claim set until = now() - interval '1 second' where raw_id = ? and model_id = ?",
                    raw,
                    model);
            assertThat(detections.claim(raw, model, "node-b", MINUTE))
                    .as("after the lease ended")
                    .isTrue();
        });
    }

    @Test
    void aScoredSegmentIsClaimedByNoNode() throws SQLException {
        long device = createDevice("claim-" + System.nanoTime()).id();
        RolledBack.run(() -> {
            long start = 978_307_200_000L + ThreadLocalRandom.current().nextLong(1_000_000) * 3000; // 2001 on
            long raw = segments.insert(new SegmentRepository.NewRow(
                            device, start, 1200, "raw/test/" + start + ".wav", 3000, 16000, new byte[32], 96_044))
                    .orElseThrow();
            long model = models.insert(
                    new ModelRepository.NewModel("claim-test-" + UUID.randomUUID(), "[]", null, null, null));
            sql.update(
                    "insert into detection (raw_id, model_id, start_time, score) values (?, ?, now(), 0.5)",
                    raw,
                    model);

            assertThat(detections.claim(raw, model, "node-a", MINUTE)).isFalse();
        });
    }

    @Test
    void claimsWhoseLeaseEndedLongAgoAreDeleted() throws SQLException {
        RolledBack.run(() -> {
            long lapsed = unusedId();
            long live = unusedId();
            long model = unusedId();
            assertThat(detections.claim(lapsed, model, "node-a", -2 * MINUTE)).isTrue();
            assertThat(detections.claim(live, model, "node-a", MINUTE)).isTrue();

            assertThat(detections.dropExpiredClaims(MINUTE)).isGreaterThanOrEqualTo(1);

            assertThat(sql.count("select count(*) from detect_claim where raw_id = ?", lapsed))
                    .isZero();
            assertThat(sql.count("select count(*) from detect_claim where raw_id = ?", live))
                    .isOne();
        });
    }
}
