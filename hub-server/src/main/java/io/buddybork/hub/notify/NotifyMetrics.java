package io.buddybork.hub.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notification meters: {@code buddybork_notifications_sent_total{channel}} and
 * {@code buddybork_notifications_failed_total{channel}} (channel {@code mqtt} or {@code webhook};
 * webhook failures count each failed attempt), {@code buddybork_notifications_dropped_total}
 * (episode events over the queue's capacity), the gauges {@code buddybork_notifications_retrying}
 * (deliveries waiting for another attempt) and {@code buddybork_mqtt_connected} (1 or 0; absent
 * value 0 without MQTT). Thread-safe.
 */
@ApplicationScoped
@Startup // meters exist (at 0) from the start, so alerts can watch them before the first episode
public class NotifyMetrics {
    /** Channel tag values. */
    public static final String MQTT = "mqtt";

    public static final String WEBHOOK = "webhook";

    @Inject
    MeterRegistry registry;

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicInteger retrying = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();
    private Counter dropped;

    @PostConstruct
    void init() {
        for (String channel : new String[] {MQTT, WEBHOOK}) {
            counter("sent", channel);
            counter("failed", channel);
        }
        dropped = Counter.builder("buddybork.notifications.dropped")
                .description("Episode events dropped because the notification queue was full")
                .register(registry);
        Gauge.builder("buddybork.notifications.retrying", retrying, AtomicInteger::get)
                .description("Webhook deliveries waiting for another attempt")
                .register(registry);
        Gauge.builder("buddybork.mqtt.connected", connected, AtomicInteger::get)
                .description("1 while the hub is connected to its MQTT broker")
                .register(registry);
    }

    private Counter counter(String what, String channel) {
        return counters.computeIfAbsent(
                what + '/' + channel,
                k -> Counter.builder("buddybork.notifications." + what)
                        .description("Notifications " + what + " by channel")
                        .tag("channel", channel)
                        .register(registry));
    }

    /** One message or delivery sent on {@code channel}. */
    public void sent(String channel) {
        counter("sent", channel).increment();
    }

    /** One failed publish or attempt on {@code channel}. */
    public void failed(String channel) {
        counter("failed", channel).increment();
    }

    /** One episode event dropped. */
    public void dropped() {
        dropped.increment();
    }

    /** The number of deliveries now waiting for a retry. */
    public void retrying(long n) {
        retrying.set((int) Math.min(Integer.MAX_VALUE, n));
    }

    /** Whether the broker connection is up. */
    public void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }
}
