package io.buddybork.hub.dashboard;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.auth.WebSessions;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live feed's bounds: streams per user and in all are capped (429 {@code too-many-streams}
 * with Retry-After), a closed stream frees its slot, and a client that stops reading is
 * disconnected once it is {@code buffer-events} behind while a reading client gets every event.
 * Small caps (2 per user, 3 in all, 16 events) keep the test quick; the rules are the defaults'.
 */
@QuarkusTest
@OwnStart
@TestProfile(LiveFeedLimitsTest.SmallCaps.class)
public class LiveFeedLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "live viewer password 1";

    /** Caps small enough to reach in a test. */
    public static class SmallCaps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "buddybork.live.max-streams-per-user", "2",
                    "buddybork.live.max-streams", "3",
                    "buddybork.live.buffer-events", "16");
        }
    }

    /** A message with a large body, so that a non-reading client's socket buffers fill soon. */
    record Bulk(String type, int n, String pad) implements LiveMessage {}

    @Inject
    UserService users;

    @Inject
    LiveFeed feed;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URL base;

    private final List<RawStream> opened = new ArrayList<>();
    /** Streams of other clients to end after the test, whether it passed or not. */
    private final List<Runnable> toClose = new ArrayList<>();

    @BeforeEach
    void noStreamsOpen() {
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.openStreams() == 0);
    }

    @AfterEach
    void closeStreams() {
        opened.forEach(RawStream::close);
        toClose.forEach(Runnable::run);
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.openStreams() == 0);
    }

    @Test
    void aUserOverTheCapGets429WithProblemAndAClosedStreamFreesItsSlot() throws Exception {
        String cookie = viewerCookie();
        RawStream first = open(cookie);
        RawStream second = open(cookie);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);

        RawStream third = open(cookie);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("content-type")).startsWith("application/problem+json");
        assertThat(third.header("retry-after")).isEqualTo("30");
        JsonNode problem = JSON.readTree(third.body());
        assertThat(problem.get("code").asText()).isEqualTo(LiveFeed.TOO_MANY_STREAMS);
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText()).contains("2 live streams");
        assertThat(feed.openStreams()).isEqualTo(2);

        first.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.openStreams() == 1);
        assertThat(open(cookie).status()).isEqualTo(200);
    }

    @Test
    void theHubOverItsCapRefusesEveryUserUntilAStreamCloses() throws Exception {
        String alice = viewerCookie();
        String bob = viewerCookie();
        RawStream a1 = open(alice);
        open(alice);
        open(bob);
        assertThat(feed.openStreams()).isEqualTo(3);

        RawStream refused = open(bob);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("3 live streams");

        a1.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.openStreams() == 2);
        assertThat(open(bob).status()).isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotReadIsDisconnectedWhileAReaderGetsEveryEvent() throws Exception {
        String cookie = viewerCookie();
        ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
        AtomicInteger pings = new AtomicInteger();
        HttpClient client = HttpClient.newHttpClient();
        var reader = client.sendAsync(
                        HttpRequest.newBuilder(base.toURI().resolve("/api/v1/live"))
                                .header("Accept", "text/event-stream")
                                .header("Cookie", cookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(line -> {
                    if (line.startsWith("data:") && line.contains("\"ping\"")) {
                        pings.incrementAndGet();
                    }
                    if (line.startsWith("data:") && line.contains("\"bulk\"")) {
                        try {
                            received.add(JSON.readTree(line.substring(5).trim())
                                    .get("n")
                                    .asInt());
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
        toClose.add(() -> {
            reader.cancel(true);
            client.shutdownNow();
        });
        // the stream is booked when the request arrives but subscribed to the feed a moment later;
        // its opening ping says it is subscribed (events published before that are not replayed)
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.openStreams() == 1 && pings.get() > 0);
        RawStream idle = open(cookie); // reads its headers, then nothing more
        assertThat(idle.status()).isEqualTo(200);
        double closedBefore = slowClosed();

        String pad = "x".repeat(64 * 1024);
        int sent = 0;
        // In batches smaller than the buffer, each awaited at the reader: only the idle client falls behind.
        while (slowClosed() == closedBefore && sent < 4000) {
            for (int i = 0; i < 8; i++) {
                feed.publish(new Bulk("bulk", sent++, pad));
            }
            int expected = sent;
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == expected);
        }

        assertThat(slowClosed()).isEqualTo(closedBefore + 1);
        assertThat(idle.drainsToEnd())
                .as("the idle client's connection is closed")
                .isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.openStreams() == 1);
        assertThat(reader).isNotDone();
        assertThat(new ArrayList<>(received)).hasSize(sent).doesNotHaveDuplicates();
        reader.cancel(true);
        client.shutdownNow();
    }

    @Test
    void twoThousandAttemptedStreamsAreRefusedBeyondTheCapsWhileUploadsSucceed() throws Exception {
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cookies.add(viewerCookie());
        }
        HubApi.Device device = createDevice("live-load-" + System.nanoTime() % 100000);
        int attempts = 2000;
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Integer>>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            workers.add(pool.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = next.getAndIncrement(); i < attempts; i = next.getAndIncrement()) {
                    RawStream s = open(cookies.get(i % cookies.size()));
                    statuses.add(s.status());
                    if (s.status() != 200) {
                        s.close();
                    }
                }
                return statuses;
            }));
        }
        long start = System.currentTimeMillis() / 3000 * 3000 - 3_600_000L;
        List<Integer> uploads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            uploads.add(upload(device.token(), start + i * 3000L, TestWavs.segment(i + 1))
                    .statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<List<Integer>> f : workers) {
            statuses.addAll(f.get());
        }
        pool.shutdown();

        Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(byStatus).containsOnlyKeys(200, 429);
        assertThat(byStatus.get(200)).isEqualTo(3L);
        assertThat(byStatus.get(429)).isEqualTo(attempts - 3L);
        assertThat(feed.openStreams()).isEqualTo(3);
        assertThat(uploads).containsOnly(201);
    }

    private double slowClosed() {
        return registry.get("buddybork.live.slow.closed").counter().count();
    }

    private String viewerCookie() {
        String name = "live-" + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(name, PASSWORD, Roles.VIEWER);
        return WebSessions.login(name, PASSWORD).cookies().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private RawStream open(String cookie) throws IOException {
        RawStream s = new RawStream(base.getHost(), base.getPort(), cookie);
        synchronized (opened) {
            opened.add(s);
        }
        return s;
    }

    /**
     * A plain HTTP/1.1 request of {@code /api/v1/live} on its own socket with a small receive
     * buffer: it reads the status and headers and then only what the test asks for.
     */
    private static final class RawStream {
        private final Socket socket;
        private final InputStream in;
        private final int status;
        private final Map<String, String> headers = new java.util.HashMap<>();

        RawStream(String host, int port, String cookie) throws IOException {
            socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(host, port), 30_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/live HTTP/1.1\r\nHost: " + host + ":" + port
                            + "\r\nAccept: text/event-stream\r\nCookie: " + cookie + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = socket.getInputStream();
            String statusLine = line();
            status = Integer.parseInt(statusLine.split(" ")[1]);
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(
                        h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        h.substring(colon + 1).trim());
            }
        }

        int status() {
            return status;
        }

        String header(String name) {
            return headers.get(name);
        }

        /** The body of a response with Content-Length. */
        String body() throws IOException {
            int length = Integer.parseInt(headers.get("content-length"));
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        /** Reads whatever arrives until the server closes the connection (true) or resets it. */
        boolean drainsToEnd() {
            byte[] buffer = new byte[65536];
            try {
                while (in.read(buffer) >= 0) {
                    // discard
                }
                return true;
            } catch (java.net.SocketException e) {
                return true; // reset by the server: closed as well
            } catch (IOException e) {
                return false; // e.g. timed out: still open
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed in the headers");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }
}
