package io.buddybork.hub.notify;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Notifications are degraded while the configured MQTT broker is unreachable or a push failed
 * within {@code buddybork.notify.failure-window}: DOWN in {@code /q/health} (a wellness check),
 * while liveness and readiness stay UP, so an unreachable broker or endpoint never takes the hub
 * out of rotation. UP with {@code mqtt=false} when no broker is configured.
 */
@Wellness
@ApplicationScoped
public class NotifyHealthCheck implements HealthCheck {

    @Inject
    MqttBridge mqtt;

    @Inject
    NotifyRepository store;

    @Inject
    NotifyConfig config;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("notifications");
        MqttStatus s = mqtt.status();
        b.withData("mqtt", s.configured());
        boolean degraded = false;
        if (s.configured()) {
            b.withData("broker", s.url()).withData("connected", s.connected());
            if (!s.connected()) {
                degraded = true;
                b.withData("error", s.lastError() == null ? "not connected yet" : s.lastError());
            }
        }
        try {
            long failed = store.failedSince(Instant.now().minus(config.failureWindow()));
            long retrying = store.retrying();
            b.withData("failedDeliveries", failed).withData("retryingDeliveries", retrying);
            degraded |= failed > 0 || retrying > 0;
        } catch (RuntimeException e) {
            b.withData("deliveries", "unknown: the database is unreachable");
        }
        return (degraded ? b.withData("state", "degraded").down() : b.up()).build();
    }
}
