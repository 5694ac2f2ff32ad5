package io.buddybork.hub.annotate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Temporary assets under {@code <data-dir>/tmp} and their clean-up ({@code buddybork.web.temp.}, see {@link TempAssetCleaner}). */
@ConfigMapping(prefix = "buddybork.web.temp")
public interface TempAssetConfig {
    /** Cron expression of the clean-up job (default: daily at 03:17). */
    @WithDefault("0 17 3 * * ?")
    String cleanupCron();

    /** Temporary files older than this are deleted by the clean-up job. */
    @WithDefault("1H")
    Duration maxAge();
}
