package io.buddybork.hub.notify;

/**
 * The broker settings in effect: from the environment ({@code BUDDYBORK_MQTT_URL} set) or from
 * the database (set by an admin). Holds the password in clear: never returned by the API as is.
 * Immutable.
 */
public record MqttSettings(
        Source source,
        String url,
        String username,
        String password,
        String topicPrefix,
        boolean discoveryEnabled,
        String discoveryPrefix) {

    /** Where the settings come from. */
    public enum Source {
        /** {@code BUDDYBORK_MQTT_URL} (or {@code buddybork.mqtt.url}) is set: read-only in the web app. */
        ENVIRONMENT,
        /** Set by an admin in the web app (or not set at all). */
        DATABASE
    }

    /** Whether a broker is set. */
    public boolean configured() {
        return url != null && !url.isBlank();
    }

    /** The settings read from {@code config}. */
    static MqttSettings of(MqttConfig config) {
        return new MqttSettings(
                Source.ENVIRONMENT,
                config.url().map(String::trim).orElse(null),
                config.username().filter(u -> !u.isBlank()).orElse(null),
                config.password().orElse(null),
                config.topicPrefix(),
                config.discoveryEnabled(),
                config.discoveryPrefix());
    }

    /** No broker, with the default prefixes. */
    static MqttSettings none() {
        return new MqttSettings(Source.DATABASE, null, null, null, "buddybork", true, "homeassistant");
    }
}
