package io.buddybork.hub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.auth.WebSessions;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One reader of the live feed keeps up with far more events than a busy hub publishes (at 200
 * uploads/s: 200 segment events and up to ~70 detections a second): the feed is not what makes a
 * reader fall {@code buffer-events} behind.
 */
@QuarkusTest
class LiveFeedThroughputTest {
    private static final String PASSWORD = "live throughput password 1";
    private static final java.util.regex.Pattern N = java.util.regex.Pattern.compile("\"n\":(\\d+)");

    /** A message about the size of a detection event. */
    record Probe(String type, int n, String pad) implements LiveMessage {}

    @Inject
    UserService users;

    @Inject
    LiveFeed feed;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aReaderGetsEveryOneOf10240EventsPublishedAsFastAsTheBufferAllows() throws Exception {
        String name = "live-rate-" + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(name, PASSWORD, Roles.VIEWER);
        String cookie = WebSessions.login(name, PASSWORD).cookies().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        feed.openStreams(); // creates the feed and its meters
        double closedBefore =
                registry.get("buddybork.live.slow.closed").counter().count();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger others = new AtomicInteger();
        java.util.Set<Integer> distinct = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/live HTTP/1.1\r\nHost: " + base.getHost()
                            + "\r\nAccept: text/event-stream\r\nCookie: " + cookie + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("data:") && line.contains("\"rate-probe\"")) {
                            java.util.regex.Matcher n = N.matcher(line);
                            if (n.find()) {
                                distinct.add(Integer.parseInt(n.group(1)));
                            }
                            received.incrementAndGet();
                        } else if (line.startsWith("data:")) {
                            others.incrementAndGet(); // the ping sent first, once the stream is subscribed
                        }
                    }
                } catch (IOException e) {
                    // the test closes the socket at its end
                }
            });
            reader.setDaemon(true);
            reader.start();
            // events published before the stream subscribes to the feed are not its to get
            await().atMost(Duration.ofSeconds(60)).until(() -> others.get() > 0);

            String pad = "x".repeat(600); // a detection event with its scores is ~500-700 bytes
            int total = 80 * 128; // whole bursts
            int burst = 128; // half the buffer: never more unsent than the bound, whatever the pace
            long t0 = System.nanoTime();
            for (int sent = 0; sent < total; ) {
                for (int i = 0; i < burst; i++) {
                    feed.publish(new Probe("rate-probe", sent++, pad));
                }
                int expected = sent;
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(2))
                        .alias("events at the reader, " + expected + " sent")
                        .until(() -> received.get() >= expected);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = total / seconds;
            System.out.printf(
                    "live feed: %d events (%d lines) to one reader in %.2f s = %.0f events/s%n",
                    total, received.get(), seconds, rate);
            // every event arrived (counted once: the test looks for gaps, not for the relay's echoes)
            assertThat(distinct).hasSize(total);
            assertThat(registry.get("buddybork.live.slow.closed").counter().count())
                    .isEqualTo(closedBefore);
            // what 200 uploads/s publish (200 segments, up to ~70 detections); 1,780-8,090/s measured at load 15-22
            assertThat(rate).isGreaterThan(270);
        }
    }
}
