package io.buddybork.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.testing.FreshDatabase;
import io.buddybork.hub.testing.TestWavs;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged hubs on one fresh database and one data directory, started together, with nothing
 * else shared: a session signed in on hub A is valid on hub B, hub B's live feed carries what
 * happens through hub A (a stored segment, a capture switch), and a capture switch made on hub A
 * reaches a device long-polling hub B.
 */
class TwoHubsIT {
    private static final String ADMIN_PASSWORD = "it-admin-password";

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;

    private final HttpClient http = ItHttp.client(Duration.ofSeconds(5));

    @Test
    void twoHubsOnOneDatabaseShareSessionsLiveEventsAndCaptureSwitches() throws Exception {
        String database =
                FreshDatabase.runScoped("twohubs" + Integer.toString(new SecureRandom().nextInt(1 << 20), 36));
        String jdbcUrl = FreshDatabase.SERVER + database;
        Path dataDir = tmp.resolve("data");
        HubProcess hubA = HubProcess.builder()
                .dataDir(dataDir)
                .jdbcUrl(jdbcUrl)
                .adminPassword(ADMIN_PASSWORD)
                .log(tmp.resolve("hub-a.log"))
                .build();
        HubProcess hubB = HubProcess.builder()
                .dataDir(dataDir)
                .jdbcUrl(jdbcUrl)
                .adminPassword(ADMIN_PASSWORD)
                .log(tmp.resolve("hub-b.log"))
                .build();
        CompletableFuture<Void> sseB = null;
        try {
            // Started together: both create the database, its session key and its admin at once.
            CompletableFuture<HubProcess> startingA = CompletableFuture.supplyAsync(() -> started(hubA));
            started(hubB);
            startingA.get(5, TimeUnit.MINUTES);

            // A session signed in on A opens B.
            String cookies = signIn(hubA.baseUri());
            assertThat(getWithCookies(hubB.baseUri(), "/api/v1/devices", cookies)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(getWithCookies(hubB.baseUri(), "/", cookies).statusCode())
                    .as("the dashboard page on B, not a redirect to the login")
                    .isEqualTo(200);

            // B's live feed, opened with A's session.
            ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
            Map<String, Long> arrivedNanos = new ConcurrentHashMap<>();
            HttpRequest live = HttpRequest.newBuilder(hubB.baseUri().resolve("/api/v1/live"))
                    .header("Cookie", cookies)
                    .header("Accept", "text/event-stream")
                    .build();
            HttpResponse<java.util.stream.Stream<String>> stream = http.send(live, HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            sseB = CompletableFuture.runAsync(() -> stream.body()
                    .filter(l -> l.startsWith("data:"))
                    .forEach(l -> {
                        arrivedNanos.putIfAbsent(l, System.nanoTime());
                        events.add(l);
                    }));
            await("B's live feed has started").atMost(ItWaits.GIVE_UP).until(() -> !events.isEmpty());

            HubClient adminA = new HubClient(hubA.baseUri(), "admin", ADMIN_PASSWORD);
            HubClient.Device device = adminA.createDevice("two-hubs-it");

            // A segment stored through A shows on B's feed.
            long start = (System.currentTimeMillis() - 60_000L) / 3000 * 3000;
            long uploaded = System.nanoTime();
            assertThat(adminA.upload(device.token(), start, TestWavs.segment(3000, 12_000, 7))
                            .statusCode())
                    .isEqualTo(201);
            await("the segment stored on A on B's live feed")
                    .atMost(ItWaits.GIVE_UP)
                    .until(() -> events.stream()
                            .anyMatch(e -> e.contains("\"type\":\"segment\"")
                                    && e.contains("\"deviceId\":" + device.id())
                                    && e.contains("\"startMs\":" + start)));

            long segmentOnB = events.stream()
                    .filter(e -> e.contains("\"type\":\"segment\"") && e.contains("\"startMs\":" + start))
                    .map(arrivedNanos::get)
                    .findFirst()
                    .orElseThrow();

            // A device long-polls B; the capture switch is made on A.
            HttpRequest poll = HttpRequest.newBuilder(hubB.baseUri().resolve("/api/v1/capture-state?wait=60&version=1"))
                    .timeout(Duration.ofSeconds(90))
                    .header("Authorization", "Bearer " + device.token())
                    .build();
            long polled = System.nanoTime();
            CompletableFuture<HttpResponse<String>> waiting =
                    http.sendAsync(poll, HttpResponse.BodyHandlers.ofString());
            long switched = System.nanoTime();
            assertThat(adminA.send("PUT", "/api/v1/devices/" + device.id() + "/capture", "{\"enabled\":false}")
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> answer = waiting.get(90, TimeUnit.SECONDS);
            long answered = System.nanoTime();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body().replace(" ", ""))
                    .contains("\"enabled\":false")
                    .contains("\"version\":2");
            assertThat(Duration.ofNanos(System.nanoTime() - polled))
                    .as("answered by the switch, not by the end of the 60 s wait")
                    .isLessThan(Duration.ofSeconds(55));
            await("the capture switch made on A on B's live feed")
                    .atMost(ItWaits.GIVE_UP)
                    .until(() -> events.stream()
                            .anyMatch(e -> e.contains("\"type\":\"capture\"")
                                    && e.contains("\"deviceId\":" + device.id())
                                    && e.contains("\"captureEnabled\":false")));
            List<String> captures = events.stream()
                    .filter(e -> e.contains("\"type\":\"capture\"") && e.contains("\"deviceId\":" + device.id()))
                    .toList();
            assertThat(captures).as("shown once on B").hasSize(1);
            // For docs/benchmarks.md: how long the way through PostgreSQL NOTIFY takes here.
            System.out.printf(
                    "TwoHubsIT: upload on A -> segment event on B's feed %d ms (from the upload's start);"
                            + " capture PUT on A sent -> B's long-poll answered %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(segmentOnB - uploaded),
                    TimeUnit.NANOSECONDS.toMillis(answered - switched));
        } finally {
            if (sseB != null) {
                sseB.cancel(true);
            }
            hubA.close();
            hubB.close();
            FreshDatabase.drop(database);
        }
    }

    private static HubProcess started(HubProcess hub) {
        try {
            return hub.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs in through the login form like a browser; the session's cookies as a Cookie header. */
    private String signIn(URI hub) throws IOException, InterruptedException {
        String form = "username=admin&password=" + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(hub.resolve("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        String cookies = r.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0])
                .filter(c -> c.startsWith("buddybork-session=") || c.startsWith("buddybork-sv="))
                .collect(Collectors.joining("; "));
        assertThat(cookies).contains("buddybork-session=").contains("buddybork-sv=");
        return cookies;
    }

    private HttpResponse<String> getWithCookies(URI hub, String path, String cookies)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(hub.resolve(path))
                        .header("Cookie", cookies)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
