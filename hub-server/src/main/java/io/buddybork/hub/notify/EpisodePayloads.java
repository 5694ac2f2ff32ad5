package io.buddybork.hub.notify;

import io.buddybork.hub.episode.EpisodeEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON body of an episode event, shared by the MQTT episode topic and generic webhooks
 * (docs/api.md lists the fields), and the text of an ntfy push made from it. Stateless.
 */
public final class EpisodePayloads {
    private EpisodePayloads() {}

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

    /** The ntfy push of a stored JSON body. */
    public static Push push(Map<String, Object> body) {
        if (!"episode".equals(body.get("type"))) {
            return new Push("Buddybork test", String.valueOf(body.get("message")), "white_check_mark", "default");
        }
        boolean away = Boolean.TRUE.equals(body.get("away"));
        long seconds = Math.round(((Number) body.get("durationMs")).doubleValue() / 1000);
        String text = String.format(
                Locale.ROOT,
                "%s heard on %s for %d s (%s segments, peak score %.2f)%s",
                body.get("tag"),
                body.get("device"),
                seconds,
                body.get("segments"),
                ((Number) body.get("peakScore")).doubleValue(),
                away ? " while you are away" : "");
        return new Push(body.get("tag") + " on " + body.get("device"), text, "dog", away ? "high" : "default");
    }
}
