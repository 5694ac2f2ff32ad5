package io.buddybork.hub.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the audio and model store: the data directory accepts a file, or the S3 server
 * answers and the bucket exists (created if missing). Down while S3 is unreachable, when uploads
 * answer 503 {@code storage-unavailable}.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    @Inject
    ObjectStore store;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("object-store")
                .withData("backend", store.backend().name().toLowerCase(java.util.Locale.ROOT))
                .withData("location", store.describe());
        try {
            store.probe();
            return builder.up().build();
        } catch (java.io.IOException | RuntimeException e) {
            return builder.down().withData("error", e.getMessage()).build();
        }
    }
}
