package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.IngestNodeHub;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.TestWavs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Uploads whose bodies have arrived are bounded ({@code buddybork.ingest.max-in-flight}): while the
 * store is stalled (here: the device's database lock held by the test, as a slow database would),
 * more uploads than the bound are answered 503 {@code ingest-busy} with Retry-After at once instead
 * of queueing (their bodies read into nothing, the connection kept), the admitted ones are stored once the stall ends, and the bound is given back
 * however an upload ends, its client gone included.
 */
@QuarkusTest
@OwnStart
@TestProfile(IngestNodeHub.class)
public class UploadsInFlightBoundTest {

    /** A bound of three uploads. */
    public static class ThreeInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("buddybork.ingest.max-in-flight", "3", "buddybork.ingest.busy-retry-after-seconds", "2");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    UploadsInFlight inFlight;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void overTheBoundUploadsAre503AtOnceAndTheAdmittedOnesAreStoredWhenTheStallEnds() throws Exception {
        Device device = createDevice("in-flight-bound");
        Device other = createDevice("in-flight-bound-other");
        ExecutorService clients = Executors.newFixedThreadPool(3); // the common pool may have one thread
        List<CompletableFuture<Response>> admitted;
        try (Connection stall = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
            admitted = threeStalledUploads(stall, device, 100, clients);

            // another device, not stalled itself, is refused too: the hub as a whole is behind. The
            // answer comes from the head alone, before any body byte; the hub then reads the body
            // into nothing, so a client still sending it finishes and reads the answer, and the
            // connection carries the next request (here refused again)
            double refusedBefore = busyRefusals();
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                byte[] wav = TestWavs.segment(200 + i);
                try (Socket s = open()) {
                    sendHead(s, other.token(), wav.length);
                    assertBusy(readResponse(s.getInputStream()));
                    s.getOutputStream().write(wav);
                    sendHead(s, other.token(), wav.length);
                    s.getOutputStream().write(wav);
                    s.getOutputStream().flush();
                    assertBusy(readResponse(s.getInputStream()));
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
            }
            // an ordinary client that writes its whole body before reading reads the answer too
            upload(other.token(), nextStart(), TestWavs.segment(210))
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "2");
            await().atMost(Duration.ofSeconds(30)).until(() -> busyRefusals() - refusedBefore >= 11);
            assertThat(admitted).noneMatch(CompletableFuture::isDone);
            assertThat(inFlight.uploads()).isEqualTo(3);
        }
        // the stall ends (the connection and its lock are gone): every admitted upload is stored
        for (CompletableFuture<Response> f : admitted) {
            assertThat(f.get(2, TimeUnit.MINUTES).statusCode()).isEqualTo(201);
        }
        clients.shutdown();
        await().atMost(Duration.ofMinutes(1)).until(() -> inFlight.uploads() == 0 && inFlight.bytes() == 0);
        upload(other.token(), nextStart(), TestWavs.segment(300)).then().statusCode(201);
        assertThat(inFlight.uploads()).isZero();
        assertThat(registry.get("buddybork.ingest.in.flight").gauge().value()).isZero();
    }

    @Test
    void beyondSixteenRefusedBodiesBeingReadTheRefusalEndsTheConnection() throws Exception {
        Device device = createDevice("in-flight-drains");
        Device other = createDevice("in-flight-drains-other");
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<CompletableFuture<Response>> admitted;
        try (Connection stall = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
            admitted = threeStalledUploads(stall, device, 600, clients);
            int length = TestWavs.segment(700).length;
            // sixteen refused heads whose bodies the hub waits for (until the body deadline), then
            // one more: its answer says the connection ends, and it does; a burst that outlasted
            // the deadline (a very slow machine) is tried again
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                List<Socket> waiting = new ArrayList<>();
                try {
                    for (int i = 0; i < UploadLimitFilter.MAX_DRAINING; i++) {
                        Socket s = open();
                        waiting.add(s);
                        sendHead(s, other.token(), length);
                        String answer = readResponse(s.getInputStream());
                        assertThat(answer).startsWith("HTTP/1.1 503").doesNotContainIgnoringCase("connection: close");
                    }
                    try (Socket extra = open()) {
                        sendHead(extra, other.token(), length);
                        String answer = readResponse(extra.getInputStream());
                        assertThat(answer)
                                .startsWith("HTTP/1.1 503")
                                .contains("Retry-After: 2")
                                .containsIgnoringCase("connection: close");
                        assertThat(extra.getInputStream().read()).isEqualTo(-1);
                    }
                } finally {
                    for (Socket s : waiting) {
                        s.close();
                    }
                }
            });
        }
        for (CompletableFuture<Response> f : admitted) {
            assertThat(f.get(2, TimeUnit.MINUTES).statusCode()).isEqualTo(201);
        }
        clients.shutdown();
        // the stall over and the waiting clients gone, uploads are taken again
        await().atMost(Duration.ofMinutes(1)).until(() -> inFlight.uploads() == 0);
        upload(other.token(), nextStart(), TestWavs.segment(800)).then().statusCode(201);
    }

    /** Uploads refused as ingest-busy so far, over every meter of them. */
    private double busyRefusals() {
        return registry
                .find("buddybork.segments")
                .tags("outcome", "rejected", "reason", UploadsInFlight.BUSY)
                .counters()
                .stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    @Test
    void anUploadWhoseClientLeavesWhileItWaitsGivesItsPlaceBack() throws Exception {
        Device device = createDevice("in-flight-leaver");
        try (Connection stall = DriverManager.getConnection(jdbcUrl, "postgres", null)) {
            lockDevice(stall, device.id());
            List<Socket> leavers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = open();
                    leavers.add(s);
                    byte[] wav = TestWavs.segment(400 + i);
                    sendHead(s, device.token(), wav.length, nextStart());
                    s.getOutputStream().write(wav);
                    s.getOutputStream().flush();
                }
                await().atMost(Duration.ofMinutes(2)).until(() -> inFlight.uploads() == 3);
            } finally {
                for (Socket s : leavers) {
                    s.close(); // the devices give up before an answer
                }
            }
        }
        // whether the hub cancels them or finishes storing them, nothing stays booked
        await().atMost(Duration.ofMinutes(2)).until(() -> inFlight.uploads() == 0 && inFlight.bytes() == 0);
        upload(device.token(), nextStart(), TestWavs.segment(500)).then().statusCode(201);
    }

    /**
     * Stalls the store of {@code device}'s segments (its lock held on {@code stall}) and sends three
     * uploads of it on {@code clients}; returns once all three are in flight, their answers pending.
     */
    private List<CompletableFuture<Response>> threeStalledUploads(
            Connection stall, Device device, int firstSeed, ExecutorService clients) throws Exception {
        lockDevice(stall, device.id());
        List<CompletableFuture<Response>> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = nextStart();
            byte[] wav = TestWavs.segment(firstSeed + i);
            admitted.add(CompletableFuture.supplyAsync(() -> upload(device.token(), start, wav), clients));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> inFlight.uploads() == 3);
        return admitted;
    }

    /** Holds the device's advisory lock, which every store of its segments takes before its insert. */
    private static void lockDevice(Connection c, long deviceId) throws Exception {
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_lock(?, ?)")) {
            lock.setInt(1, SegmentRepository.DEVICE_LOCK_CLASS);
            lock.setInt(2, (int) deviceId);
            lock.execute();
        }
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", root.getPort());
        s.setSoTimeout(60_000);
        return s;
    }

    private static void sendHead(Socket s, String token, long length) throws IOException {
        sendHead(s, token, length, nextStart());
    }

    private static void sendHead(Socket s, String token, long length, long start) throws IOException {
        String head = "PUT /api/v1/segments/" + start + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: audio/wav\r\nContent-Length: " + length + "\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static void assertBusy(String answer) {
        assertThat(answer)
                .startsWith("HTTP/1.1 503")
                .contains("Retry-After: 2")
                .containsIgnoringCase("content-type: application/problem+json")
                .doesNotContainIgnoringCase("connection: close")
                .contains("\"code\":\"" + UploadsInFlight.BUSY + "\"");
    }

    /** Reads one HTTP/1.1 response: its head, then as many body bytes as its Content-Length says. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        java.util.regex.Matcher length =
                java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        assertThat(length.find()).as("Content-Length in %s", text).isTrue();
        byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return text + new String(body, StandardCharsets.UTF_8);
    }
}
