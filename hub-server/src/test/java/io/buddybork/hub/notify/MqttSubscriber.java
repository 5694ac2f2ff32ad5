package io.buddybork.hub.notify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A test's own MQTT client on the real broker: records every message on its subscriptions. */
public final class MqttSubscriber implements AutoCloseable {
    /** One received message. */
    public record Received(String topic, String payload, boolean retained) {}

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public MqttSubscriber(String... filters) throws MqttException {
        client = new MqttClient(WithMqtt.BROKER, "bbtest-sub-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        client.connect(o);
        for (String f : filters) {
            client.subscribe(
                    f,
                    1,
                    (topic, m) -> received.add(
                            new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained())));
        }
    }

    /** Every message so far. */
    public List<Received> all() {
        return List.copyOf(received);
    }

    /** Messages on {@code topic}, in arrival order. */
    public List<String> on(String topic) {
        return received.stream()
                .filter(r -> r.topic().equals(topic))
                .map(Received::payload)
                .toList();
    }

    /** The last payload on {@code topic}, or null. */
    public String last(String topic) {
        List<String> p = on(topic);
        return p.isEmpty() ? null : p.getLast();
    }

    /** Publishes {@code payload} to {@code topic} (QoS 1, not retained). */
    public void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
