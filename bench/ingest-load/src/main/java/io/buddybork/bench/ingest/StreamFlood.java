package io.buddybork.bench.ingest;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Issue 19's abuse during a load run: one signed-in viewer attempts N streams of
 * {@code /api/v1/live} and never reads the ones the hub accepts (the slowest possible subscribers),
 * while the devices upload. Counts the answers by status. Thread-safe.
 */
final class StreamFlood {
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final List<InputStream> held = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(2))
            .build();
    private volatile Thread runner;

    /** Signs in through the login form once (one password check) and starts {@code n} attempts, 32 at a time. */
    void start(URI hub, String user, String password, int n) throws Exception {
        HttpRequest login = HttpRequest.newBuilder(hub.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<Void> r = http.send(login, HttpResponse.BodyHandlers.discarding());
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        if (r.statusCode() != 302 || cookie.isEmpty()) {
            throw new IllegalStateException("login for the stream flood failed: " + r.statusCode());
        }
        HttpRequest live = HttpRequest.newBuilder(hub.resolve("/api/v1/live"))
                .header("Accept", "text/event-stream")
                .header("Cookie", cookie)
                .build();
        Semaphore inFlight = new Semaphore(32);
        runner = Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < n; i++) {
                try {
                    inFlight.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                http.sendAsync(live, HttpResponse.BodyHandlers.ofInputStream()).whenComplete((resp, failure) -> {
                    inFlight.release();
                    if (failure != null) {
                        failures.incrementAndGet();
                        return;
                    }
                    statuses.computeIfAbsent(resp.statusCode(), s -> new AtomicInteger())
                            .incrementAndGet();
                    if (resp.statusCode() == 200) {
                        held.add(resp.body()); // accepted: kept open and never read
                    } else {
                        try (InputStream body = resp.body()) {
                            body.readAllBytes();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        });
    }

    /** One line: attempts answered by status, failures, streams still held. */
    String summary() {
        return "stream flood: answers " + new java.util.TreeMap<>(statuses) + ", failed " + failures.get()
                + ", accepted streams held unread " + held.size();
    }

    /** Closes the held streams. */
    void stop() {
        if (runner != null) {
            runner.interrupt();
        }
        for (InputStream in : held) {
            try {
                in.close();
            } catch (Exception e) {
                // closing is all we wanted
            }
        }
        http.shutdownNow();
    }
}
