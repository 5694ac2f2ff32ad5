package io.buddybork.hub.health;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.model.SegmentFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the data directory: it must exist (created if missing), accept a new file, and,
 * when it holds the audio (the local store), have room for the largest upload above the ingest
 * reserve. The database check comes from the datasource extension; the store's from
 * {@link io.buddybork.hub.storage.ObjectStoreHealthCheck}.
 */
@Readiness
@ApplicationScoped
public class DataDirHealthCheck implements HealthCheck {

    @Inject
    SegmentFiles files;

    @Inject
    HubConfig config;

    @Override
    public HealthCheckResponse call() {
        Path root = files.dataRoot();
        var builder = HealthCheckResponse.named("data-dir").withData("path", root.toString());
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".health-", ".tmp");
            Files.delete(probe);
            long usable = files.usableSpace();
            builder.withData("usableBytes", usable)
                    .withData("reserveBytes", config.ingest().minFreeBytes());
            // the same rule as ingest (IngestService.requireFreeSpace) for the largest upload, so
            // readiness is never UP while uploads are refused as storage-full
            if (files.onDataDisk()
                    && usable - SegmentFormat.MAX_UPLOAD_BYTES < config.ingest().minFreeBytes()) {
                return builder.down()
                        .withData("error", "free space is below the ingest reserve: uploads are refused")
                        .build();
            }
            return builder.up().build();
        } catch (IOException | RuntimeException e) {
            return builder.down().withData("error", e.toString()).build();
        }
    }
}
