package io.buddybork.hub.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed configuration of the MQTT connection under {@code buddybork.mqtt.} (environment
 * {@code BUDDYBORK_MQTT_URL}, {@code BUDDYBORK_MQTT_USERNAME}, {@code BUDDYBORK_MQTT_PASSWORD},
 * {@code BUDDYBORK_MQTT_TOPIC_PREFIX}, ...): MQTT is off until a URL is set.
 */
@ConfigMapping(prefix = "buddybork.mqtt")
public interface MqttConfig {

    /** Broker URL, {@code tcp://host:1883} or {@code ssl://host:8883} (TLS); unset: no MQTT. */
    Optional<String> url();

    /** User name for the broker; unset: anonymous. */
    Optional<String> username();

    /** Password for the broker. */
    Optional<String> password();

    /** Prefix of every topic the hub publishes, e.g. {@code buddybork/status}. */
    @WithDefault("buddybork")
    String topicPrefix();

    /**
     * MQTT client id; unset: {@code buddybork-<topic prefix>-<hub instance id>} (the instance id is
     * {@code buddybork.cluster.instance-id}, by default {@code <host>-<HTTP port>}), unique per hub.
     */
    Optional<String> clientId();

    /** Publish Home Assistant discovery configs (retained) when MQTT is configured. */
    @WithDefault("true")
    boolean discoveryEnabled();

    /** Home Assistant's discovery prefix. */
    @WithDefault("homeassistant")
    String discoveryPrefix();

    /**
     * QoS 1 messages handed to the broker and not yet acknowledged, at most; a publish beyond it
     * waits for acknowledgements (a hub with many devices and tags announces thousands of configs).
     */
    @WithDefault("1000")
    int maxInflight();

    /** How often the hub looks for new, renamed or removed devices and tags to republish their configs. */
    @WithDefault("30S")
    Duration discoveryRefresh();

    /** A topic whose messages say whether the owner is away (e.g. a Home Assistant presence); unset: none. */
    Optional<String> presenceTopic();

    /** Payloads of {@link #presenceTopic()} meaning away (case-insensitive). */
    @WithDefault("away,not_home,off")
    List<String> presenceAway();

    /** Payloads of {@link #presenceTopic()} meaning home (case-insensitive). */
    @WithDefault("home,on")
    List<String> presenceHome();

    /** Trust store (PKCS#12 or JKS) for {@code ssl://} brokers with a private CA; unset: the JDK's CAs. */
    Optional<Path> truststore();

    /** Password of {@link #truststore()}. */
    Optional<String> truststorePassword();

    /** First wait before connecting again after a failed connect; doubles up to {@link #maxReconnectDelay()}. */
    @WithDefault("1S")
    Duration reconnectDelay();

    /** Longest wait between connection attempts. */
    @WithDefault("60S")
    Duration maxReconnectDelay();
}
