package io.buddybork.edge.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.edge.spool.Spool;
import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.edge.time.Sleeper;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploaderTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final long NOW = 1_800_000_100_000L;

    @TempDir
    Path dir;

    MockWebServer server;
    Spool spool;
    final EdgeMetrics metrics = new EdgeMetrics();
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    final Sleeper recordingSleeper = sleeps::add;
    Uploader uploader;

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        spool = Spool.open(dir, 1L << 30, metrics);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (uploader != null) {
            uploader.stop(Duration.ofSeconds(2));
        }
        server.close();
    }

    private void startUploader(int parallelism) throws Exception {
        HubClient client = HubClient.create(URI.create(server.url("/").toString()), "t0k3n", null);
        uploader = new Uploader(
                spool,
                (java.util.function.BiFunction<Long, java.nio.file.Path, UploadOutcome>) client::upload,
                parallelism,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> 0),
                metrics,
                recordingSleeper,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        uploader.start();
    }

    private void spoolSegments(int count) throws Exception {
        for (int i = count - 1; i >= 0; i--) {
            spool.put(T0 + 3000L * i, WavCodec.encode(new short[] {(short) i, 500}, SegmentFormat.SAMPLE_RATE));
        }
    }

    private static MockResponse response(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    @Test
    void uploadsOldestFirstAndDeletesOnlyAcknowledgedFiles() throws Exception {
        spoolSegments(3);
        server.enqueue(response(201, ""));
        server.enqueue(response(200, ""));
        server.enqueue(response(201, ""));
        startUploader(1);
        assertThat(spool.awaitEmpty(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v1/segments/" + (T0 + 3000L * i));
        }
        assertThat(dir.resolve(T0 + ".wav")).doesNotExist();
        assertThat(metrics.segmentsUploaded.get()).isEqualTo(3);
        assertThat(metrics.lastUploadEpochMs.get()).isEqualTo(NOW);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedAfterBackoffHonouringRetryAfterAndTheFileIsKeptMeanwhile() throws Exception {
        spoolSegments(1);
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .setHeader("Retry-After", "7")
                .build());
        server.enqueue(response(500, "oops"));
        server.enqueue(response(429, ""));
        server.enqueue(response(201, ""));
        startUploader(1);
        assertThat(spool.awaitEmpty(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(sleeps).containsExactly(7_000L, 1_000L, 2_000L);
        assertThat(metrics.uploadFailures.get()).isEqualTo(3);
        assertThat(metrics.segmentsUploaded.get()).isEqualTo(1);
    }

    @Test
    void aSegmentTheHubRefusesGoesToRejectedWithTheProblemAndUploadsCarryOn() throws Exception {
        spoolSegments(2);
        String problem = "{\"type\":\"urn:buddybork:problem:not-mono\",\"status\":400,\"code\":\"not-mono\"}";
        server.enqueue(new MockResponse.Builder()
                .code(400)
                .setHeader("Content-Type", "application/problem+json")
                .body(problem)
                .build());
        server.enqueue(response(201, ""));
        startUploader(1);
        assertThat(spool.awaitEmpty(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("rejected").resolve(T0 + ".reason.json"))
                .content()
                .contains("not-mono");
        assertThat(dir.resolve("rejected").resolve(T0 + ".wav")).exists();
        assertThat(metrics.segmentsRejected.get()).isEqualTo(1);
        assertThat(metrics.segmentsUploaded.get()).isEqualTo(1);
    }

    @Test
    void aRejectionWithoutJsonIsWrittenAsAJsonNote() {
        String note = Uploader.rejectionNote(new UploadOutcome(UploadOutcome.Kind.REJECTED, 413, "too \"big\"\n", -1));
        assertThat(note).isEqualTo("{\"status\":413,\"detail\":\"too \\\"big\\\"\"}\n");
    }

    @Test
    void aRefusedTokenIsRetriedNotRejected() throws Exception {
        spoolSegments(1);
        server.enqueue(response(401, "{\"code\":\"bad-token\"}"));
        server.enqueue(response(201, ""));
        startUploader(1);
        assertThat(spool.awaitEmpty(10, TimeUnit.SECONDS)).isTrue();
        assertThat(metrics.segmentsRejected.get()).isZero();
        assertThat(dir.resolve("rejected")).doesNotExist();
    }

    @Test
    void parallelismIsBounded() throws Exception {
        // Every request is held until the test releases it: the two workers are then both inside a
        // request at once (the peak reaches 2 by construction, not by two sleeps happening to overlap),
        // and while they are held no third request may start.
        spoolSegments(8);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                peak.accumulateAndGet(active.incrementAndGet(), Math::max);
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        return response(503, "");
                    }
                    return response(201, "");
                } finally {
                    active.decrementAndGet();
                }
            }
        });
        startUploader(2);
        await().until(() -> active.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> active.get() == 2);
        release.countDown();
        assertThat(spool.awaitEmpty(10, TimeUnit.SECONDS)).isTrue();
        assertThat(peak.get()).isEqualTo(2);
        assertThat(metrics.segmentsUploaded.get()).isEqualTo(8);
    }

    @Test
    void stopIsIdempotentAndLeavesUnsentFilesInTheSpool() throws Exception {
        spoolSegments(1);
        server.close();
        startUploader(1);
        await().until(() -> metrics.uploadFailures.get() > 0);
        uploader.stop(Duration.ofSeconds(1));
        uploader.stop(Duration.ofSeconds(1));
        assertThat(dir.resolve(T0 + ".wav")).exists();
    }

    @Test
    void aSegmentSpooledJustAsTheUploaderStopsIsNeitherInterruptedMidRequestNorCountedAsAFailure() throws Exception {
        // SIGTERM spools the last segment and stops the uploader right after: the worker woken by
        // that segment must not start an exchange that stop() then interrupts (a spurious failure)
        List<Boolean> interruptedAtStart = new CopyOnWriteArrayList<>();
        java.util.Set<Long> uploaded = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 200; round++) {
            Uploader racing = new Uploader(
                    spool,
                    (start, file) -> {
                        interruptedAtStart.add(Thread.currentThread().isInterrupted());
                        uploaded.add(start);
                        return new UploadOutcome(UploadOutcome.Kind.STORED, 201, "", -1);
                    },
                    1,
                    new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> 0),
                    metrics,
                    recordingSleeper,
                    Clock.systemUTC());
            racing.start();
            spool.put(T0 + 3000L * round, WavCodec.encode(new short[] {1, 500}, SegmentFormat.SAMPLE_RATE));
            racing.stop(Duration.ofSeconds(2));
        }
        assertThat(interruptedAtStart).isNotEmpty().doesNotContain(true);
        assertThat(metrics.uploadFailures.get()).isZero();
        for (int round = 0; round < 200; round++) {
            long start = T0 + 3000L * round;
            assertThat(dir.resolve(start + ".wav").toFile().exists())
                    .as("segment %d kept unless uploaded", start)
                    .isEqualTo(!uploaded.contains(start));
        }
        assertThat(metrics.segmentsUploaded.get()).isEqualTo(uploaded.size());
        assertThat(uploaded.size() + spool.depth()).isEqualTo(200);
    }
}
