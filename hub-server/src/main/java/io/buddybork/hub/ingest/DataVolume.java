package io.buddybork.hub.ingest;

import io.buddybork.hub.config.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free and total space of the volume holding the data directory: the one place ingest, health and
 * the disk guard ask, so tests can replace it with a small simulated disk. Thread-safe.
 */
@ApplicationScoped
public class DataVolume {
    private volatile FileStore store;

    @Inject
    HubConfig config;

    /** Bytes an unprivileged writer can still use. */
    public long usableBytes() throws IOException {
        return store().getUsableSpace();
    }

    /** Size of the volume. */
    public long totalBytes() throws IOException {
        return store().getTotalSpace();
    }

    private FileStore store() throws IOException {
        FileStore s = store;
        if (s == null) {
            Path root = config.dataDir().toAbsolutePath().normalize();
            Files.createDirectories(root);
            s = Files.getFileStore(root);
            store = s;
        }
        return s;
    }
}
