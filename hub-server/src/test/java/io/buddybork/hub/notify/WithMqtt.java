package io.buddybork.hub.notify;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * A hub connected to the real Mosquitto on 127.0.0.1:1883 under topic and discovery prefixes of
 * its own (so runs and checkouts sharing the broker never see each other's retained messages),
 * with fast discovery refresh and webhook retries. The notification tests share this one hub.
 */
public class WithMqtt implements QuarkusTestProfile {
    /** The broker the tests use. */
    public static final String BROKER = "tcp://127.0.0.1:1883";

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Topic prefix of this run. */
    public static final String PREFIX = "bbtest-" + RUN;
    /** Home Assistant discovery prefix of this run. */
    public static final String DISCOVERY = "hatest-" + RUN;
    /** The presence topic the hub listens to. */
    public static final String PRESENCE = PREFIX + "-presence/owner";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "buddybork.mqtt.url", BROKER,
                "buddybork.mqtt.topic-prefix", PREFIX,
                "buddybork.mqtt.discovery-prefix", DISCOVERY,
                "buddybork.mqtt.discovery-refresh", "300ms",
                "buddybork.mqtt.presence-topic", PRESENCE,
                "buddybork.notify.retry-backoff", "100ms",
                "buddybork.notify.max-attempts", "3");
    }
}
