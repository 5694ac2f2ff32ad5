package io.buddybork.hub.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start a hub whose public HTTP port is also its management port (metrics, detailed
 * health). Both servers would bind the same port and requests would land on either: pages
 * answered 404 and metrics were served on the public port. Runs first at start-up, before the
 * database is touched. Stateless.
 */
@ApplicationScoped
public class PortCollisionCheck {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 10) StartupEvent event) {
        Config c = ConfigProvider.getConfig();
        problem(
                        c.getOptionalValue("quarkus.management.enabled", Boolean.class)
                                .orElse(false),
                        c.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080),
                        c.getOptionalValue("quarkus.management.port", Integer.class)
                                .orElse(9000))
                .ifPresent(message -> {
                    throw new IllegalStateException(message);
                });
    }

    /** What is wrong with this combination of ports, if anything. */
    static Optional<String> problem(boolean managementEnabled, int httpPort, int managementPort) {
        if (!managementEnabled || httpPort != managementPort || httpPort == 0) {
            return Optional.empty();
        }
        return Optional.of("The web port and the management port are both " + httpPort
                + ": they must differ. Move one, e.g. QUARKUS_MANAGEMENT_PORT=" + (httpPort + 1)
                + " (metrics and detailed health, on 127.0.0.1) or QUARKUS_HTTP_PORT=8080 (the web app and API).");
    }
}
