package io.buddybork.hub.notify;

/** Request bodies of the notifications API. */
public final class NotifyRequests {
    private NotifyRequests() {}

    /**
     * A push target: {@code kind} {@code generic} (JSON, the default) or {@code ntfy}. On update a
     * null {@code url} or {@code token} keeps the stored one (the API never shows them back), an
     * empty {@code token} removes it.
     */
    public record TargetBody(String name, String kind, String url, String token, Boolean enabled) {}

    /** A rule; null fields take the defaults (cooldown 600 s, no quiet hours, 0, 0, false). */
    public record RuleBody(
            Boolean enabled,
            Integer cooldownSeconds,
            String quietStart,
            String quietEnd,
            Long minDurationMs,
            Double minScore,
            Boolean onlyWhenAway) {}

    /** What "send a test" did: the delivery to follow in the log. */
    public record TestSent(long deliveryId) {}

    /** Everything the admin page shows at once. */
    public record Overview(
            MqttStatus mqtt, java.util.List<TargetView> targets, java.util.List<NotifyRule> rules, boolean away) {}

    /**
     * The broker settings an admin saves; they replace the stored ones, except that a null
     * {@code password} keeps the stored one and an empty one removes it. A null or empty
     * {@code url} turns MQTT off; null prefixes take the defaults.
     */
    public record MqttBody(
            String url,
            String username,
            String password,
            String topicPrefix,
            Boolean discoveryEnabled,
            String discoveryPrefix) {}

    /**
     * The broker settings as the admin sees them: {@code source} {@code environment} (read-only,
     * {@code editable} false) or {@code database}; the password only as {@code ****} and
     * {@code hasPassword}; {@code status} is the connection now.
     */
    public record MqttView(
            String source,
            boolean editable,
            String url,
            String username,
            boolean hasPassword,
            String password,
            String topicPrefix,
            boolean discoveryEnabled,
            String discoveryPrefix,
            MqttStatus status) {}

    /** What "test connection" found: {@code ok}, else the broker's or the network's {@code error}. */
    public record MqttTested(boolean ok, String error) {}
}
