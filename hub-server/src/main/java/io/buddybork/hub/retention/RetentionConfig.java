package io.buddybork.hub.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** Typed configuration of retention and the disk guard, under {@code buddybork.retention.}. */
@ConfigMapping(prefix = "buddybork.retention")
public interface RetentionConfig {

    /**
     * Keep raw audio this many calendar days of the hub's time zone (by segment start); empty (the
     * default) keeps everything.
     */
    OptionalInt keepDays();

    /** When the daily retention pass runs (Quartz-style cron, hub's time zone). */
    @WithDefault("0 30 3 * * ?")
    String cron();

    /** How many segments one deletion transaction takes. */
    @WithDefault("200")
    int batchSize();

    /** How long tombstones (the deletion log) are kept once their files are gone. */
    @WithDefault("90D")
    Duration tombstoneKeep();

    /** The disk guard. */
    Guard guard();

    /** The disk guard. */
    interface Guard {
        /** Whether the guard deletes audio when free space runs low. */
        @WithDefault("true")
        boolean enabled();

        /** Free space wanted, as a percentage of the volume. */
        @WithDefault("5")
        double minFreePercent();

        /**
         * Free space wanted, in bytes. The guard acts below the smaller of this and
         * {@link #minFreePercent()}, so a large disk is not emptied to keep 5 % free.
         */
        @WithDefault("2147483648")
        long minFreeBytes();

        /** How often the guard looks at the free space. */
        @WithDefault("30S")
        Duration checkInterval();
    }
}
