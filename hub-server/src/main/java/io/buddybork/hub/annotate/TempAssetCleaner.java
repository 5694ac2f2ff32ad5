package io.buddybork.hub.annotate;

import io.buddybork.hub.ingest.SegmentFiles;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Deletes temporary assets (macro-segment audio and anything else under {@code <data-dir>/tmp})
 * older than {@code buddybork.web.temp.max-age}, on the schedule {@code buddybork.web.temp.cleanup-cron}
 * (daily by default). Never touches {@code raw/}.
 */
@ApplicationScoped
public class TempAssetCleaner {
    private static final Logger LOG = Logger.getLogger(TempAssetCleaner.class);

    private final SegmentFiles files;
    private final TempAssetConfig config;

    TempAssetCleaner(SegmentFiles files, TempAssetConfig config) {
        this.files = files;
        this.config = config;
    }

    @Scheduled(
            cron = "{buddybork.web.temp.cleanup-cron}",
            identity = "buddybork-temp-cleanup",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int n = clean();
        if (n > 0) {
            LOG.infof("temporary assets: deleted %d old file(s)", n);
        }
    }

    /** Deletes old temporary files now; returns how many were deleted. */
    public int clean() {
        Path tmp = files.dataRoot().resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        long cutoff = System.currentTimeMillis() - config.maxAge().toMillis();
        int deleted = 0;
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < cutoff && Files.deleteIfExists(p)) {
                        deleted++;
                    }
                } catch (IOException e) {
                    LOG.debugf("cannot delete %s: %s", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot clean %s: %s", tmp, e.getMessage());
        }
        return deleted;
    }
}
