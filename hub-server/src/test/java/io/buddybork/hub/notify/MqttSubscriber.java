package io.buddybork.hub.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A test's own MQTT client on the real broker: records every message on its subscriptions. Its
 * session is persistent and it reconnects by itself, so a connection lost on a busy machine (a
 * missed keep-alive) loses no QoS 1 message: the broker keeps them for the session and delivers
 * them on reconnection. Each loss is counted and printed, for the failure message of a test that
 * then waited in vain. {@link #close} ends the session on the broker too.
 */
public final class MqttSubscriber implements AutoCloseable {
    /** One received message. */
    public record Received(String topic, String payload, boolean retained) {}

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> losses = new CopyOnWriteArrayList<>();

    public MqttSubscriber(String... filters) throws MqttException {
        client = new MqttClient(WithMqtt.BROKER, "bbtest-sub-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) {
                    System.err.println("MqttSubscriber: reconnected to " + serverUri);
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                losses.add(Instant.now() + " " + cause);
                System.err.println("MqttSubscriber: connection lost: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(
                        topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        client.connect(options(false));
        for (String f : filters) {
            client.subscribe(f, 1);
        }
    }

    private static MqttConnectOptions options(boolean clean) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setAutomaticReconnect(!clean);
        return o;
    }

    /** When and why the connection to the broker was lost, if it was. */
    public List<String> losses() {
        return List.copyOf(losses);
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
        try {
            client.disconnect();
            client.connect(options(true)); // a clean connection ends the persistent session
            client.disconnect();
        } finally {
            client.close();
        }
    }
}
