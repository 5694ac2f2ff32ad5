package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.SegmentNames;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrentUploadTest {

    @Inject
    AgroalDataSource ds;

    @ConfigProperty(name = "buddybork.data-dir")
    Path dataDir;

    @Test
    void fiftyConcurrentUploadsFromTenDevicesAreEachStoredOnce() throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            devices.add(createDevice("concurrent-" + i));
        }
        long base = nextStart();
        for (int i = 0; i < 5; i++) {
            nextStart();
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (Device d : devices) {
                for (int k = 0; k < 5; k++) {
                    long start = base + k * 3000L;
                    byte[] wav = TestWavs.segment(d.id() * 100 + k);
                    done.add(pool.submit(() -> {
                        go.await();
                        statuses.put(
                                d.id() + "/" + start,
                                upload(d.token(), start, wav).statusCode());
                        return null;
                    }));
                }
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses)
                .hasSize(50)
                .allSatisfy((key, status) -> assertThat(status).as(key).isEqualTo(201));
        for (Device d : devices) {
            assertThat(Db.rawRows(ds, d.id())).isEqualTo(5);
            for (int k = 0; k < 5; k++) {
                Path file = dataDir.resolve(SegmentNames.relativePath(d.id(), base + k * 3000L));
                assertThat(Files.readAllBytes(file)).isEqualTo(TestWavs.segment(d.id() * 100 + k));
            }
        }
    }

    @Test
    void racingIdenticalUploadsOfOneKeyStoreItOnce() throws Exception {
        Device d = createDevice("race");
        long start = nextStart();
        byte[] wav = TestWavs.segment(99);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return upload(d.token(), start, wav).statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : results) {
                codes.add(f.get());
            }
            assertThat(codes).containsOnly(200, 201).filteredOn(c -> c == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Db.rawRows(ds, d.id())).isEqualTo(1);
    }
}
