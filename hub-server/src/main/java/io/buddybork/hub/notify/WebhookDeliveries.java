package io.buddybork.hub.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.notify.NotifyRepository.Pending;
import io.buddybork.hub.notify.NotifyRepository.Target;
import io.buddybork.hub.time.HubZone;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends the delivery log's pending webhook / ntfy pushes over the JDK HttpClient, each on a
 * virtual thread: a 2xx answer marks it sent; anything else is retried with doubling backoff up to
 * {@code buddybork.notify.max-attempts}, then marked failed. Every attempt is written to the log
 * first, so a restart resumes what was unfinished. Thread-safe.
 */
@ApplicationScoped
public class WebhookDeliveries {
    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);
    private static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {};

    private final NotifyRepository store;
    private final NotifyConfig config;
    private final NotifyMetrics metrics;
    private final ObjectMapper json;
    private final HubZone zone;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    WebhookDeliveries(
            NotifyRepository store, NotifyConfig config, NotifyMetrics metrics, ObjectMapper json, HubZone zone) {
        this.store = store;
        this.zone = zone;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(senders)
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "buddybork-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    void resume(@Observes StartupEvent ev) {
        try {
            long now = System.currentTimeMillis();
            for (NotifyRepository.Due d : store.unfinished()) {
                schedule(d.id(), Math.max(0, d.dueMs() - now));
            }
            metrics.retrying(store.retrying());
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not resume unfinished notification deliveries");
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        timer.shutdownNow();
        senders.shutdownNow();
    }

    /** Sends delivery {@code id} as soon as possible. */
    public void enqueue(long id) {
        schedule(id, 0);
    }

    private void schedule(long id, long delayMs) {
        try {
            timer.schedule(() -> senders.execute(() -> attempt(id)), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debugf("delivery %d not scheduled: shutting down", id);
        }
    }

    private void attempt(long id) {
        try {
            Pending p = store.pending(id).orElse(null);
            if (p == null) {
                return;
            }
            int attempts = p.attempts() + 1;
            Target t = store.target(p.targetId()).orElse(null);
            String error;
            if (t == null) {
                error = "target removed";
            } else {
                error = send(t, p.payload());
            }
            if (error == null) {
                store.recordAttempt(id, "sent", attempts, null, null);
                metrics.sent(NotifyMetrics.WEBHOOK);
            } else {
                metrics.failed(NotifyMetrics.WEBHOOK);
                if (attempts >= config.maxAttempts() || t == null) {
                    store.recordAttempt(id, "failed", attempts, error, null);
                    LOG.warnf(
                            "notification %d to %s failed after %d attempts: %s",
                            id, t == null ? "?" : t.name(), attempts, error);
                } else {
                    long wait = backoffMs(attempts);
                    store.recordAttempt(
                            id, "retrying", attempts, error, Instant.now().plusMillis(wait));
                    schedule(id, wait);
                }
            }
            metrics.retrying(store.retrying());
        } catch (RuntimeException e) {
            // the database may be down: try again later, the row still says pending/retrying
            LOG.warnf("notification %d: %s; retrying", id, e.getMessage());
            schedule(id, config.maxBackoff().toMillis());
        }
    }

    /** The wait after attempt number {@code attempts}: backoff, 2 x backoff, 4 x ..., capped. */
    long backoffMs(int attempts) {
        long base = config.retryBackoff().toMillis();
        long wait = base << Math.min(20, attempts - 1);
        return Math.min(wait, config.maxBackoff().toMillis());
    }

    /** Posts one delivery; null when the endpoint accepted it, else why not (never holding the URL). */
    private String send(Target t, String payload) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.url()))
                    .timeout(config.requestTimeout())
                    .header("User-Agent", "Buddybork-hub");
            if (t.token() != null && !t.token().isBlank()) {
                b.header("Authorization", "Bearer " + t.token());
            }
            if ("ntfy".equals(t.kind())) {
                EpisodePayloads.Push push = EpisodePayloads.push(
                        json.readValue(payload, JSON_MAP), zone.zone(), System.currentTimeMillis());
                b.header("Title", header(push.title()))
                        .header("Tags", push.tags())
                        .header("Priority", push.priority())
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(push.message(), StandardCharsets.UTF_8));
            } else {
                b.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
            }
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            String msg = e.getMessage() == null ? "" : ": " + e.getMessage().replace(t.url(), SecretMask.url(t.url()));
            return e.getClass().getSimpleName() + msg;
        }
    }

    /** A header value as ntfy reads it: plain ASCII, else RFC 2047 encoded UTF-8. */
    static String header(String value) {
        if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
