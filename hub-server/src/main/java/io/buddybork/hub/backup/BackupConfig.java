package io.buddybork.hub.backup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Typed configuration of the scheduled backup, under {@code buddybork.backup.}; off by default. */
@ConfigMapping(prefix = "buddybork.backup")
public interface BackupConfig {

    /**
     * When the hub backs itself up (Quartz-style cron, e.g. {@code 0 15 2 * * ?}, a local time of
     * the hub's time zone); {@code off} (the default) disables the scheduled backup. Requires {@link #to()}.
     */
    @WithDefault("off")
    String cron();

    /** The backup directory of the scheduled backup (the same layout as {@code backup --to DIR}). */
    Optional<Path> to();

    /** Health reports the backup DOWN (the hub is degraded) when the last success is older than this. */
    @WithDefault("2D")
    Duration maxAge();
}
