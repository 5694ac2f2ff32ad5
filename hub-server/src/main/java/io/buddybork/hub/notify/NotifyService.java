package io.buddybork.hub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.notify.NotifyRepository.Target;
import io.buddybork.hub.notify.NotifyRequests.RuleBody;
import io.buddybork.hub.notify.NotifyRequests.TargetBody;
import io.buddybork.hub.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Owns the notification settings an admin changes and their rules: target names 1-100 characters,
 * kinds {@code generic} / {@code ntfy}, http(s) URLs; secrets (URL path and query, token) are only
 * ever returned masked; rule bounds (cooldown up to a week, quiet hours as HH:mm pairs, minimum
 * length up to an hour, score 0-1). Thread-safe.
 */
@ApplicationScoped
public class NotifyService {
    static final int MAX_COOLDOWN = 7 * 24 * 3600;
    static final long MAX_MIN_DURATION = 3_600_000;

    private final NotifyRepository store;
    private final WebhookDeliveries webhooks;
    private final MqttBridge mqtt;
    private final AwayMirror away;
    private final ObjectMapper json;

    NotifyService(
            NotifyRepository store, WebhookDeliveries webhooks, MqttBridge mqtt, AwayMirror away, ObjectMapper json) {
        this.store = store;
        this.webhooks = webhooks;
        this.mqtt = mqtt;
        this.away = away;
        this.json = json;
    }

    /** Connection, targets, rules and away mode. */
    public NotifyRequests.Overview overview() {
        return new NotifyRequests.Overview(mqtt.status(), targets(), store.rules(), away.away());
    }

    public List<TargetView> targets() {
        return store.targets().stream().map(NotifyService::view).toList();
    }

    public TargetView target(long id) {
        return view(require(id));
    }

    public TargetView create(TargetBody b) {
        if (b == null) {
            throw ProblemException.badRequest("missing-body", "a JSON body is required");
        }
        String url = validUrl(b.url());
        long id = store.insertTarget(
                validName(b.name()),
                validKind(b.kind()),
                url,
                blankToNull(b.token()),
                b.enabled() == null || b.enabled());
        return target(id);
    }

    public TargetView update(long id, TargetBody b) {
        if (b == null) {
            throw ProblemException.badRequest("missing-body", "a JSON body is required");
        }
        Target old = require(id);
        String name = b.name() == null ? old.name() : validName(b.name());
        String kind = b.kind() == null ? old.kind() : validKind(b.kind());
        String url = b.url() == null ? old.url() : validUrl(b.url());
        String token = b.token() == null ? old.token() : blankToNull(b.token());
        boolean enabled = b.enabled() == null ? old.enabled() : b.enabled();
        store.updateTarget(id, name, kind, url, token, enabled);
        return target(id);
    }

    public void delete(long id) {
        if (!store.deleteTarget(id)) {
            throw unknownTarget();
        }
    }

    /** Queues a test push to target {@code id} (also when it is disabled); its fate shows in the log. */
    public NotifyRequests.TestSent sendTest(long id) {
        Target t = require(id);
        String body;
        try {
            body = json.writeValueAsString(EpisodePayloads.test(t.name(), System.currentTimeMillis()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long delivery = store.insertDelivery(t.id(), null, null, "test", body).orElseThrow();
        webhooks.enqueue(delivery);
        return new NotifyRequests.TestSent(delivery);
    }

    public List<DeliveryView> deliveries(Integer limit, Long targetId) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw ProblemException.badRequest("invalid-limit", "limit must be 1 to 1000");
        }
        return store.deliveries(n, targetId);
    }

    public List<NotifyRule> rules() {
        return store.rules();
    }

    /** Sets the rule of {@code tagId} ({@code null}: the default rule), in one transaction. */
    @Transactional
    public NotifyRule saveRule(Long tagId, RuleBody b) {
        if (b == null) {
            throw ProblemException.badRequest("missing-body", "a JSON body is required");
        }
        if (tagId != null && !store.tagExists(tagId)) {
            throw ProblemException.notFound("unknown-tag", "no tag with this id");
        }
        int cooldown = b.cooldownSeconds() == null ? 600 : b.cooldownSeconds();
        if (cooldown < 0 || cooldown > MAX_COOLDOWN) {
            throw ProblemException.badRequest("invalid-cooldown", "cooldownSeconds must be 0 to " + MAX_COOLDOWN);
        }
        String qs = quietTime(b.quietStart());
        String qe = quietTime(b.quietEnd());
        if ((qs == null) != (qe == null)) {
            throw ProblemException.badRequest(
                    "invalid-quiet-hours", "quietStart and quietEnd are set together (HH:mm)");
        }
        long minDuration = b.minDurationMs() == null ? 0 : b.minDurationMs();
        if (minDuration < 0 || minDuration > MAX_MIN_DURATION) {
            throw ProblemException.badRequest("invalid-min-duration", "minDurationMs must be 0 to " + MAX_MIN_DURATION);
        }
        double minScore = b.minScore() == null ? 0 : b.minScore();
        if (!(minScore >= 0 && minScore <= 1)) {
            throw ProblemException.badRequest("invalid-min-score", "minScore must be 0 to 1");
        }
        store.saveRule(new NotifyRule(
                tagId,
                null,
                b.enabled() == null || b.enabled(),
                cooldown,
                qs,
                qe,
                minDuration,
                minScore,
                b.onlyWhenAway() != null && b.onlyWhenAway()));
        return tagId == null
                ? store.rules().getFirst()
                : store.rules().stream()
                        .filter(r -> tagId.equals(r.tagId()))
                        .findFirst()
                        .orElseThrow();
    }

    /** Removes the rule of {@code tagId}: the default applies again. */
    public void deleteRule(long tagId) {
        if (!store.deleteRule(tagId)) {
            throw ProblemException.notFound("unknown-rule", "this tag has no rule of its own");
        }
    }

    /** The broker settings in effect, the password masked. */
    public NotifyRequests.MqttView mqttSettings() {
        MqttSettings s = mqtt.settings();
        boolean env = mqtt.fromEnvironment();
        boolean hasPassword = s.password() != null && !s.password().isEmpty();
        return new NotifyRequests.MqttView(
                env ? "environment" : "database",
                !env,
                s.configured() ? SecretMask.url(s.url()) : null,
                s.username(),
                hasPassword,
                hasPassword ? "****" : null,
                s.topicPrefix(),
                s.discoveryEnabled(),
                s.discoveryPrefix(),
                mqtt.status());
    }

    /**
     * Validates and stores the broker settings and has the bridge reconnect with them; refused
     * while the environment sets the broker.
     */
    public NotifyRequests.MqttView saveMqttSettings(NotifyRequests.MqttBody b) {
        if (b == null) {
            throw ProblemException.badRequest("missing-body", "a JSON body is required");
        }
        if (mqtt.fromEnvironment()) {
            throw ProblemException.conflict(
                    "mqtt-from-environment",
                    "the broker is set by the environment (BUDDYBORK_MQTT_URL); change it there");
        }
        String url = validBrokerUrl(b.url());
        String username = b.username() == null || b.username().isBlank()
                ? null
                : b.username().strip();
        if (username != null && username.length() > 200) {
            throw ProblemException.badRequest("invalid-mqtt-username", "username must be at most 200 characters");
        }
        String password;
        if (b.password() == null) {
            password = store.mqttSettings().map(MqttSettings::password).orElse(null);
        } else if (b.password().isEmpty()) {
            password = null;
        } else if (b.password().length() > 500) {
            throw ProblemException.badRequest("invalid-mqtt-password", "password must be at most 500 characters");
        } else {
            password = b.password();
        }
        MqttSettings s = new MqttSettings(
                MqttSettings.Source.DATABASE,
                url,
                username,
                password,
                topicLevel(b.topicPrefix(), "buddybork", "invalid-topic-prefix", "topicPrefix"),
                b.discoveryEnabled() == null || b.discoveryEnabled(),
                topicLevel(b.discoveryPrefix(), "homeassistant", "invalid-discovery-prefix", "discoveryPrefix"));
        store.saveMqttSettings(s);
        mqtt.apply(s);
        return mqttSettings(s);
    }

    /**
     * Tries a broker without saving it: the environment's when it sets the broker, else
     * {@code b} (a null password: the stored one), else the stored settings.
     */
    public NotifyRequests.MqttTested testMqtt(NotifyRequests.MqttBody b) {
        MqttSettings s;
        if (mqtt.fromEnvironment() || b == null) {
            s = mqtt.fromEnvironment() ? mqtt.settings() : store.mqttSettings().orElse(MqttSettings.none());
        } else {
            String password = b.password() == null
                    ? store.mqttSettings().map(MqttSettings::password).orElse(null)
                    : blankToNull(b.password());
            s = new MqttSettings(
                    MqttSettings.Source.DATABASE,
                    validBrokerUrl(b.url()),
                    blankToNull(b.username()),
                    password,
                    topicLevel(b.topicPrefix(), "buddybork", "invalid-topic-prefix", "topicPrefix"),
                    true,
                    "homeassistant");
        }
        if (!s.configured()) {
            throw ProblemException.badRequest("invalid-mqtt-url", "no broker URL to test");
        }
        String error = mqtt.probe(s, 5);
        return new NotifyRequests.MqttTested(error == null, error);
    }

    /** The view of settings just saved (the bridge applies them asynchronously). */
    private NotifyRequests.MqttView mqttSettings(MqttSettings s) {
        boolean hasPassword = s.password() != null && !s.password().isEmpty();
        return new NotifyRequests.MqttView(
                "database",
                true,
                s.url(),
                s.username(),
                hasPassword,
                hasPassword ? "****" : null,
                s.topicPrefix(),
                s.discoveryEnabled(),
                s.discoveryPrefix(),
                mqtt.status());
    }

    /** A broker URL Paho accepts: tcp or ssl, a host, no user info (that is username/password), no path. */
    static String validBrokerUrl(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.strip();
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            if ((scheme.equals("tcp") || scheme.equals("ssl"))
                    && u.getHost() != null
                    && u.getRawUserInfo() == null
                    && (path.isEmpty() || path.equals("/"))
                    && u.getRawQuery() == null
                    && u.getRawFragment() == null
                    && url.length() <= 500) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw ProblemException.badRequest(
                "invalid-mqtt-url",
                "url must be tcp://host:port or ssl://host:port (credentials go in username and password)");
    }

    /** One MQTT topic level: 1 to 100 characters, no wildcard (+ #), no level separator, no NUL. */
    static String topicLevel(String raw, String fallback, String code, String field) {
        if (raw == null) {
            return fallback;
        }
        String level = raw.strip();
        if (level.isEmpty()
                || level.length() > 100
                || level.chars()
                        .anyMatch(c -> c == '+' || c == '#' || c == '/' || c == 0 || Character.isISOControl(c))) {
            throw ProblemException.badRequest(
                    code, field + " must be one MQTT topic level: 1 to 100 characters without + # or /");
        }
        return level;
    }

    private Target require(long id) {
        return store.target(id).orElseThrow(NotifyService::unknownTarget);
    }

    private static ProblemException unknownTarget() {
        return ProblemException.notFound("unknown-target", "no notification target with this id");
    }

    static TargetView view(Target t) {
        return new TargetView(
                t.id(),
                t.name(),
                t.kind(),
                SecretMask.url(t.url()),
                t.token() != null && !t.token().isBlank(),
                t.enabled());
    }

    private static String validName(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > 100) {
            throw ProblemException.badRequest("invalid-target-name", "name must be 1 to 100 characters");
        }
        return name;
    }

    private static String validKind(String raw) {
        String kind = raw == null ? "generic" : raw.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("generic") && !kind.equals("ntfy")) {
            throw ProblemException.badRequest("invalid-target-kind", "kind must be generic or ntfy");
        }
        return kind;
    }

    private static String validUrl(String raw) {
        String url = raw == null ? "" : raw.strip();
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && url.length() <= 2000) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw ProblemException.badRequest(
                "invalid-target-url", "url must be an http:// or https:// URL with a host, at most 2000 characters");
    }

    private static String quietTime(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            LocalTime t = LocalTime.parse(raw.strip());
            return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-quiet-hours", "quietStart and quietEnd are HH:mm");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
