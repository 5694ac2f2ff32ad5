package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.storage.StoredObject;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.SegmentNames;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Two hubs storing one segment key at the same instant, on one database and one object store:
 * this hub's {@link IngestService} and a second instance built from the same beans, which has a
 * striped lock of its own, as another hub process has. Each round starts both stores behind a
 * barrier and then checks the contract: exactly one 201; the other 409 {@code conflict} for
 * other bytes or 200 for the same; the object's bytes are the winner's and hash to the row's
 * SHA-256. At the end no object is left without its row.
 */
@Dependent
class SameKeyRace {
    @Inject
    AgroalDataSource ds;

    /** This hub's bean (its client proxy, whose fields are not the bean's, hence the parts below). */
    @Inject
    IngestService ingest;

    @Inject
    HubConfig config;

    @Inject
    SegmentFiles files;

    @Inject
    SegmentRepository segments;

    @Inject
    IngestMetrics metrics;

    @Inject
    Event<SegmentStored> storedEvents;

    @Inject
    Instance<SpaceReclaimer> reclaimer;

    /** A second hub built from the same parts, with a striped lock of its own. */
    private IngestService otherHub() {
        return new IngestService(config, files, segments, metrics, storedEvents, reclaimer);
    }

    /** What one store ended with: 201, 200 or a problem's status, and the code of a problem. */
    private record Answer(int status, String code, long rawId) {}

    /** Races the two hubs {@code rounds} times, every {@code identicalEvery}-th round with the same bytes. */
    void run(int rounds, int identicalEvery) throws Exception {
        IngestService first = ingest;
        IngestService second = otherHub();
        Device device = createDevice("same-key-" + UUID.randomUUID().toString().substring(0, 8));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < rounds; i++) {
                long start = nextStart();
                boolean identical = identicalEvery > 0 && i % identicalEvery == 0;
                byte[] a = TestWavs.segment(3000, 9000, 2L * i + 1);
                byte[] b = identical ? a : TestWavs.segment(3000, 9000, 2L * i + 2);
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<Answer> one =
                        CompletableFuture.supplyAsync(() -> store(first, together, device.id(), start, a), pool);
                CompletableFuture<Answer> two =
                        CompletableFuture.supplyAsync(() -> store(second, together, device.id(), start, b), pool);
                Answer x = one.get(2, TimeUnit.MINUTES);
                Answer y = two.get(2, TimeUnit.MINUTES);
                String round = "round " + i + (identical ? " (same bytes)" : " (other bytes)") + ": " + x + ", " + y;

                List<Answer> answers = List.of(x, y);
                assertThat(answers.stream().filter(r -> r.status() == 201))
                        .as(round)
                        .hasSize(1);
                Answer loser = x.status() == 201 ? y : x;
                byte[] won = x.status() == 201 ? a : b;
                if (identical) {
                    assertThat(loser.status()).as(round).isEqualTo(200);
                } else {
                    assertThat(loser.status()).as(round).isEqualTo(409);
                    assertThat(loser.code()).as(round).isEqualTo("conflict");
                }
                String key = SegmentNames.relativePath(device.id(), start);
                byte[] stored = files.read(key);
                assertThat(stored).as(round + ": the object is the winner's").isEqualTo(won);
                assertThat(Db.queryString(
                                ds,
                                "select encode(sha256, 'hex') from raw where device_id = ? and start_time = ?",
                                device.id(),
                                OffsetDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC)))
                        .as(round + ": the row's sha is the object's")
                        .isEqualTo(sha256Hex(stored));
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> objects = new ArrayList<>();
        files.store().list("raw/" + device.id() + "/", (StoredObject o) -> objects.add(o.key()));
        assertThat(objects).as("one object per row, none without").hasSize(rounds);
        assertThat(Db.rawRows(ds, device.id())).isEqualTo(rounds);
        if (files.onDataDisk()) {
            try (var walk =
                    java.nio.file.Files.walk(files.dataRoot().resolve("raw").resolve(Long.toString(device.id())))) {
                assertThat(walk.filter(java.nio.file.Files::isRegularFile).count())
                        .as("no temp file left either")
                        .isEqualTo(rounds);
            }
        }
    }

    private static Answer store(IngestService hub, CyclicBarrier together, long device, long start, byte[] wav) {
        try {
            together.await(1, TimeUnit.MINUTES);
            StoreOutcome o = hub.store(device, start, wav, System.nanoTime());
            return new Answer(o.created() ? 201 : 200, null, o.rawId());
        } catch (ProblemException e) {
            return new Answer(e.problem().status(), e.problem().code(), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] bytes) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
