package io.buddybork.hub.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Typed configuration of the web app under {@code buddybork.web.}: login throttling, session
 * behaviour, macro-segment cache and the temporary-asset clean-up schedule.
 */
@ConfigMapping(prefix = "buddybork.web")
public interface WebConfig {

    /** Login throttling. */
    Login login();

    /** Macro-segment (15 s listening window) generation and caching. */
    Macro macro();

    /** Temporary assets under {@code <data-dir>/tmp}. */
    Temp temp();

    /** A device counts as online when it was seen within this time. */
    @WithDefault("2M")
    Duration onlineWindow();

    /** Login throttling: failures are counted per user name and per client address. */
    interface Login {
        /** Failed attempts for one user name within {@link #window()} before it is locked. */
        @WithDefault("5")
        int maxFailuresPerUser();

        /** Failed attempts from one client address within {@link #window()} before it is locked. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** Counting window; a locked key is released when its window ends. */
        @WithDefault("5M")
        Duration window();
    }

    /** Macro-segment generation. */
    interface Macro {
        /** Length of the listening window. */
        @WithDefault("15S")
        Duration window();

        /** How long a generated window is reused before it is rebuilt. */
        @WithDefault("10M")
        Duration cacheTtl();
    }

    /** Temporary assets. */
    interface Temp {
        /** Cron expression of the clean-up job (default: daily at 03:17). */
        @WithDefault("0 17 3 * * ?")
        String cleanupCron();

        /** Temporary files older than this are deleted by the clean-up job. */
        @WithDefault("1H")
        Duration maxAge();
    }
}
