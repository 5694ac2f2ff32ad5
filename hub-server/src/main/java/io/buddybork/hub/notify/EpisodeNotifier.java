package io.buddybork.hub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.episode.EpisodeEvent;
import io.buddybork.hub.notify.NotifyRepository.Target;
import io.buddybork.hub.time.HubZone;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Turns {@link EpisodeEvent}s into notifications: every event goes to MQTT (state, counters,
 * start/end), and the first event of an episode that passes its tag's rule (length, score, away
 * mode, quiet hours, cooldown) becomes one push per enabled target. The observer only queues the
 * event (bounded; overflow is dropped and counted) and one thread handles them in order, so
 * detection is never slowed and a failing broker or endpoint never reaches it. Thread-safe.
 */
@ApplicationScoped
public class EpisodeNotifier {
    private static final Logger LOG = Logger.getLogger(EpisodeNotifier.class);

    private final NotifyRepository store;
    private final MqttBridge mqtt;
    private final WebhookDeliveries webhooks;
    private final AwayMirror away;
    private final NotifyMetrics metrics;
    private final HubZone zone;
    private final ObjectMapper json;
    private final ThreadPoolExecutor worker;
    private final Clock clock = Clock.systemUTC();

    EpisodeNotifier(
            NotifyRepository store,
            MqttBridge mqtt,
            WebhookDeliveries webhooks,
            AwayMirror away,
            NotifyMetrics metrics,
            HubZone zone,
            ObjectMapper json,
            NotifyConfig config) {
        this.store = store;
        this.mqtt = mqtt;
        this.webhooks = webhooks;
        this.away = away;
        this.metrics = metrics;
        this.zone = zone;
        this.json = json;
        this.worker = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, config.queueCapacity())), r -> {
                    Thread t = new Thread(r, "buddybork-notify");
                    t.setDaemon(true);
                    return t;
                });
    }

    void onEpisode(@ObservesAsync EpisodeEvent event) {
        try {
            worker.execute(() -> handle(event));
        } catch (RejectedExecutionException e) {
            metrics.dropped();
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        worker.shutdownNow();
    }

    private void handle(EpisodeEvent e) {
        boolean isAway = away.away();
        boolean newlyCounted = false;
        try {
            newlyCounted = store.countEpisode(e.episodeId(), e.deviceId(), e.tagId(), e.startMs());
        } catch (RuntimeException x) {
            LOG.warnf("episode %d not counted: %s", e.episodeId(), x.getMessage());
        }
        try {
            mqtt.episode(e, newlyCounted, isAway);
        } catch (RuntimeException x) {
            LOG.warnf(x, "MQTT publish of episode %d failed", e.episodeId());
        }
        try {
            push(e, isAway);
        } catch (RuntimeException x) {
            LOG.warnf(x, "push of episode %d failed", e.episodeId());
        }
    }

    private void push(EpisodeEvent e, boolean isAway) {
        if (store.pushed(e.episodeId())) {
            return; // one push per episode, however many events it has (or repeats after a restart)
        }
        NotifyRule rule = store.ruleFor(e.tagId());
        if (!rule.enabled()
                || e.durationMs() < rule.minDurationMs()
                || e.peakScore() < rule.minScore()
                || (rule.onlyWhenAway() && !isAway)) {
            return;
        }
        Instant now = clock.instant();
        if (quiet(rule, LocalTime.ofInstant(now, zone.zone()))) {
            return;
        }
        if (rule.cooldownSeconds() > 0
                && store.pushedNear(e.tagId(), e.episodeId(), e.startMs(), rule.cooldownSeconds() * 1000L)) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(EpisodePayloads.event(e, isAway));
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
        for (Target t : store.targets()) {
            if (t.enabled()) {
                store.insertDelivery(t.id(), e.episodeId(), e.tagId(), "episode", body)
                        .ifPresent(webhooks::enqueue);
            }
        }
    }

    /** Whether {@code t} lies in the rule's quiet hours (start inclusive, end exclusive; may span midnight). */
    static boolean quiet(NotifyRule rule, LocalTime t) {
        if (rule.quietStart() == null || rule.quietEnd() == null) {
            return false;
        }
        LocalTime from = LocalTime.parse(rule.quietStart());
        LocalTime to = LocalTime.parse(rule.quietEnd());
        if (from.equals(to)) {
            return false;
        }
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }
}
