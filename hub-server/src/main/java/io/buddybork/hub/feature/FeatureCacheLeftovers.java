package io.buddybork.hub.feature;

import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.model.storage.DurableFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Removes the temp files that a hub killed while writing a feature-cache entry left under
 * {@code <data-dir>/features/} (an entry is written to a temp file and renamed; {@code kill -9}
 * between the two leaves the temp file). Runs once at startup, on a thread of its own so that a
 * large cache does not delay readiness; it deletes only temp files of earlier processes
 * ({@link DurableFiles#isLeftoverTemporary}), never a write of this one in progress, so it may run
 * alongside training. Stateless.
 */
@ApplicationScoped
public class FeatureCacheLeftovers {
    private static final Logger LOG = Logger.getLogger(FeatureCacheLeftovers.class);

    void onStart(@Observes StartupEvent event, SegmentFiles files) {
        Path root = files.dataRoot().resolve("features");
        if (!Files.isDirectory(root)) {
            return;
        }
        Thread.ofVirtual().name("buddybork-feature-cache-leftovers").start(() -> {
            int removed = remove(root);
            if (removed > 0) {
                LOG.infof("Removed %d temp files left in the feature cache by an earlier hub", removed);
            }
        });
    }

    /** Deletes the leftover temp files under {@code root}; how many. Failures are logged, never thrown. */
    public static int remove(Path root) {
        AtomicInteger removed = new AtomicInteger();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()
                            && DurableFiles.isLeftoverTemporary(
                                    file.getFileName().toString())) {
                        try {
                            Files.deleteIfExists(file);
                            removed.incrementAndGet();
                        } catch (IOException e) {
                            LOG.warnf("Cannot remove the leftover temp file %s: %s", file, e.getMessage());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // e.g. removed meanwhile; the rest is still worth cleaning
                }
            });
        } catch (IOException e) {
            LOG.warnf("Cannot list the feature cache %s: %s", root, e.getMessage());
        }
        return removed.get();
    }
}
