package io.buddybork.hub.notify;

import io.buddybork.hub.episode.EpisodeEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON body of an episode event, shared by the MQTT episode topic and generic webhooks
 * (docs/api.md lists the fields), and the text of an ntfy push made from it. Stateless.
 */
public final class EpisodePayloads {
    /**
     * An episode whose last sound is this much older than its announcement is late: an edge that was
     * offline uploads hours of audio at once, and its episodes are found then. Its push says how long
     * ago it was, and it does not turn Home Assistant's state on ({@link MqttBridge}).
     */
    static final long LATE_MS = 5 * 60_000L;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private EpisodePayloads() {}

    /** Whether an episode whose last sound ended at {@code endMs} is late when announced at {@code nowMs}. */
    static boolean late(long endMs, long nowMs) {
        return nowMs - endMs > LATE_MS;
    }

    /** The event as JSON fields, {@code type: "episode"}. */
    public static Map<String, Object> event(EpisodeEvent e, boolean away) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "episode");
        m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        m.put("episodeId", e.episodeId());
        m.put("deviceId", e.deviceId());
        m.put("device", e.deviceName());
        m.put("tagId", e.tagId());
        m.put("tag", e.tag());
        m.put("startMs", e.startMs());
        m.put("endMs", e.endMs());
        m.put("durationMs", e.durationMs());
        m.put("segments", e.segments());
        m.put("peakScore", Math.round(e.peakScore() * 1000) / 1000.0);
        m.put("away", away);
        return m;
    }

    /** The body of "send a test", {@code type: "test"}. */
    public static Map<String, Object> test(String targetName, long nowMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "test");
        m.put("message", "Test notification from Buddybork to " + targetName);
        m.put("sentMs", nowMs);
        return m;
    }

    /** An ntfy push: title, text and tags (ntfy's Title, body and Tags). */
    public record Push(String title, String message, String tags, String priority) {}

    /**
     * The ntfy push of a stored JSON body, sent at {@code nowMs}: when the episode started, in the
     * hub's {@code zone} (with its date when that is not today), and how long ago when the push is
     * late ({@link #LATE_MS}).
     */
    public static Push push(Map<String, Object> body, ZoneId zone, long nowMs) {
        if (!"episode".equals(body.get("type"))) {
            return new Push("Buddybork test", String.valueOf(body.get("message")), "white_check_mark", "default");
        }
        boolean away = Boolean.TRUE.equals(body.get("away"));
        long startMs = ((Number) body.get("startMs")).longValue();
        long durationMs = ((Number) body.get("durationMs")).longValue();
        ZonedDateTime start = Instant.ofEpochMilli(startMs).atZone(zone);
        boolean today = start.toLocalDate()
                .equals(Instant.ofEpochMilli(nowMs).atZone(zone).toLocalDate());
        String text = String.format(
                Locale.ROOT,
                "%s heard on %s at %s for %d s (%s segments, peak score %.2f)%s%s",
                body.get("tag"),
                body.get("device"),
                (today ? TIME : DAY_TIME).format(start),
                Math.round(durationMs / 1000.0),
                body.get("segments"),
                ((Number) body.get("peakScore")).doubleValue(),
                away ? " while you are away" : "",
                late(((Number) body.get("endMs")).longValue(), nowMs) ? ", " + ago(nowMs - startMs) + " ago" : "");
        return new Push(body.get("tag") + " on " + body.get("device"), text, "dog", away ? "high" : "default");
    }

    /** A span as people say it: "7 min", "3 h 5 min", "2 days". */
    static String ago(long ms) {
        long minutes = ms / 60_000;
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h " + minutes % 60 + " min";
        }
        return minutes / (24 * 60) + " days";
    }
}
