package io.buddybork.recognition.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.recognition.feature.FeatureConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    @TempDir
    Path dir;

    private final FeatureConfig config = FeatureConfig.defaults();

    @Test
    void aSecondLookupIsServedFromDiskWithoutRecomputing() {
        AtomicInteger computed = new AtomicInteger();
        float[] v = {1f, 2f, 3.5f};
        FeatureCache cache = new FeatureCache(dir, config);
        assertThat(cache.get("seg-1", () -> {
                    computed.incrementAndGet();
                    return v;
                }))
                .containsExactly(v);
        FeatureCache reopened = new FeatureCache(dir, config);
        assertThat(reopened.get("seg-1", () -> {
                    computed.incrementAndGet();
                    return new float[] {9f};
                }))
                .containsExactly(v);
        assertThat(computed).hasValue(1);
        assertThat(reopened.hits()).isEqualTo(1);
    }

    @Test
    void entriesAreKeyedByTheFeatureConfiguration() {
        FeatureCache a = new FeatureCache(dir, config);
        FeatureConfig other = new FeatureConfig(FeatureConfig.CURRENT_VERSION, 0.0232, 0.5, 64, 20, 50, 14_000, 30, 4);
        FeatureCache b = new FeatureCache(dir, other);
        a.get("seg", () -> new float[] {1f});
        assertThat(b.get("seg", () -> new float[] {2f})).containsExactly(2f);
        assertThat(a.pathOf("seg")).isNotEqualTo(b.pathOf("seg"));
        assertThat(a.pathOf("seg").toString()).contains(config.fingerprint());
    }

    @Test
    void aCorruptEntryIsDetectedAndRecomputed() throws Exception {
        FeatureCache cache = new FeatureCache(dir, config);
        cache.get("seg", () -> new float[] {1f, 2f, 3f, 4f});
        Path file = cache.pathOf("seg");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 12] ^= 0x40; // flip a bit inside the float payload
        Files.write(file, bytes);
        FeatureCache fresh = new FeatureCache(dir, config);
        assertThat(fresh.get("seg", () -> new float[] {7f})).containsExactly(7f);
        assertThat(fresh.corruptEntries()).isEqualTo(1);
        // ... and the rewritten entry is good again.
        assertThat(new FeatureCache(dir, config).get("seg", () -> new float[] {8f}))
                .containsExactly(7f);
    }

    @Test
    void aTruncatedEntryIsRecomputed() throws Exception {
        FeatureCache cache = new FeatureCache(dir, config);
        cache.get("seg", () -> new float[] {1f, 2f});
        Path file = cache.pathOf("seg");
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 20));
        FeatureCache fresh = new FeatureCache(dir, config);
        assertThat(fresh.get("seg", () -> new float[] {5f})).containsExactly(5f);
        assertThat(fresh.corruptEntries()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsForOneSegmentComputeItOnce() throws Exception {
        FeatureCache cache = new FeatureCache(dir, config);
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cache.get("hot", () -> {
                    computed.incrementAndGet();
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new float[] {42f};
                })));
            }
            started.await();
            release.countDown();
            for (Future<float[]> f : results) {
                assertThat(f.get()).containsExactly(42f);
            }
        } finally {
            pool.shutdownNow();
        }
        // Late arrivals may read the finished entry from disk, but nobody computes it twice.
        assertThat(computed).hasValue(1);
    }

    @Test
    void returnedArraysAreCopiesCallersMayModify() {
        FeatureCache cache = new FeatureCache(dir, config);
        float[] first = cache.get("seg", () -> new float[] {1f});
        first[0] = 99f;
        assertThat(cache.get("seg", () -> new float[] {2f})).containsExactly(1f);
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        FeatureCache cache = new FeatureCache(dir, config);
        for (int i = 0; i < 20; i++) {
            final int n = i;
            cache.get("seg" + i, () -> new float[] {n});
        }
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString).filter(p -> p.endsWith(".tmp")))
                    .isEmpty();
        }
    }
}
