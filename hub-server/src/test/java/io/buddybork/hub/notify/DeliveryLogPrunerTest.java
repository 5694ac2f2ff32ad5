package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery log is pruned of old finished deliveries only; what is still to be sent stays. */
@QuarkusTest
class DeliveryLogPrunerTest {
    @Inject
    DeliveryLogPruner pruner;

    @Inject
    DataSource ds;

    private long target;

    @BeforeEach
    void aTargetOfItsOwn() {
        target = Db.queryLong(
                ds,
                "insert into notify_target (name, kind, url) values (?, 'generic', 'http://127.0.0.1:9/hook')"
                        + " returning id",
                "prune-" + System.nanoTime());
    }

    @AfterEach
    void removeIt() {
        Db.update(ds, "delete from notify_target where id = ?", target);
    }

    @Test
    void finishedDeliveriesOlderThanTheRetentionGoAndEverythingElseStays() {
        long oldSent = delivery("sent", "200 days");
        long oldFailed = delivery("failed", "91 days");
        long oldRetrying = delivery("retrying", "200 days");
        long oldPending = delivery("pending", "200 days");
        long recentSent = delivery("sent", "89 days");
        long newFailed = delivery("failed", "1 minute");

        assertThat(pruner.prune()).isGreaterThanOrEqualTo(2);

        assertThat(exists(oldSent)).isFalse();
        assertThat(exists(oldFailed)).isFalse();
        assertThat(exists(oldRetrying))
                .as("a retry in progress is never pruned")
                .isTrue();
        assertThat(exists(oldPending)).as("an unsent push is never pruned").isTrue();
        assertThat(exists(recentSent)).isTrue();
        assertThat(exists(newFailed)).isTrue();
        assertThat(pruner.prune()).as("a second pass finds nothing of these").isZero();
    }

    @Test
    void moreOldDeliveriesThanOneBatchAreAllPruned() {
        int n = DeliveryLogPruner.BATCH + 7;
        Db.update(
                ds,
                "insert into notify_delivery (target_id, kind, payload, status, created, updated)"
                        + " select ?, 'test', '{}', 'sent', now() - interval '100 days', now() - interval '100 days'"
                        + " from generate_series(1, ?)",
                target,
                n);

        assertThat(pruner.prune()).isGreaterThanOrEqualTo(n);
        assertThat(Db.queryLong(ds, "select count(*) from notify_delivery where target_id = ?", target))
                .isZero();
    }

    private long delivery(String status, String age) {
        return Db.queryLong(
                ds,
                "insert into notify_delivery (target_id, kind, payload, status, created, updated)"
                        + " values (?, 'test', '{}', ?, now() - cast(? as interval), now() - cast(? as interval))"
                        + " returning id",
                target,
                status,
                age,
                age);
    }

    private boolean exists(long id) {
        return Db.queryLong(ds, "select count(*) from notify_delivery where id = ?", id) == 1;
    }
}
