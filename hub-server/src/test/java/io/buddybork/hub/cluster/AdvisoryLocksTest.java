package io.buddybork.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** One runner at a time across hubs: a job another hub holds is skipped, and of two contenders one runs. */
@QuarkusTest
class AdvisoryLocksTest {

    @Inject
    AdvisoryLocks locks;

    @Inject
    ExclusiveTestJob job;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aJobAnotherHubRunsIsSkippedAndRunsHereOnceThatHubIsDone() throws Exception {
        String name = "held-" + UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            other.lock(name);
            assertThat(locks.runExclusively(name, runs::incrementAndGet)).isFalse();
            assertThat(runs).hasValue(0);
            other.unlock(name);
            assertThat(locks.runExclusively(name, runs::incrementAndGet)).isTrue();
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void ofTwoContendersAtOnceOnlyOneRunsAndTheLockIsFreeAfterwards() throws Exception {
        String name = "contended-" + UUID.randomUUID();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> {
            try {
                return locks.runExclusively(name, () -> {
                    runs.incrementAndGet();
                    inside.countDown();
                    release.await();
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(locks.runExclusively(name, runs::incrementAndGet)).isFalse();
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(1);
        assertThat(locks.runExclusively(name, runs::incrementAndGet)).isTrue();
    }

    @Test
    void aMarkedJobIsSkippedWhileAnotherHubHoldsItsLock() throws Exception {
        int before = job.runs();
        try (OtherHub other = new OtherHub(jdbcUrl)) {
            other.lock("test-job");
            job.run();
            assertThat(job.runs()).isEqualTo(before);
            other.unlock("test-job");
        }
        job.run();
        assertThat(job.runs()).isEqualTo(before + 1);
    }

    @Test
    void aMarkedJobCalledTwiceAtOnceRunsOnce() throws Exception {
        int before = job.runs();
        CountDownLatch release = new CountDownLatch(1);
        job.hold(release);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                job.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> job.inside() == 1);
        job.run(); // the second contender: skipped, returns at once
        assertThat(job.runs()).isEqualTo(before + 1);
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(job.runs()).isEqualTo(before + 1);
    }
}
