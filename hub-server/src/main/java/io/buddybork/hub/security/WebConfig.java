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

    /** Login throttling (see {@link LoginRateLimiter} and docs/web.md). */
    interface Login {
        /** Failed attempts for one user name from one client address within {@link #window()} before that client waits. */
        @WithDefault("5")
        int maxFailuresPerClient();

        /** Failed attempts from one client address (any user names) within {@link #window()} before it waits. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** Counting window of the two limits above; a refused client may try again when its window ends. */
        @WithDefault("15M")
        Duration window();

        /** Failed attempts on one user name (from clients not known for it) within {@link #userWindow()} before attempts are spaced out. */
        @WithDefault("10")
        int userSlowdownAfter();

        /** Counting window of failures per user name. */
        @WithDefault("1H")
        Duration userWindow();

        /** Spacing added per failure past {@link #userSlowdownAfter()}. */
        @WithDefault("1S")
        Duration userSpacingStep();

        /** Longest spacing between attempts on one user name. */
        @WithDefault("30S")
        Duration userMaxSpacing();

        /** An attempt that would have to wait longer than this for its slot is refused with that wait instead. */
        @WithDefault("10S")
        Duration maxQueuedDelay();

        /** How long a client (user name + address) that signed in successfully is exempt from the per-user slowdown. */
        @WithDefault("30D")
        Duration knownClientTtl();
    }

    /** Macro-segment generation. */
    interface Macro {
        /** Length of the listening window. */
        @WithDefault("15S")
        Duration window();

        /** How long a generated window is reused before it is rebuilt. */
        @WithDefault("10M")
        Duration cacheTtl();

        /** Bytes of stitched audio kept in memory (least recently used windows are dropped first; about 1.3 MB each). */
        @WithDefault("33554432")
        long cacheMaxBytes();

        /** Listening windows (audio) one user may fetch per minute. */
        @WithDefault("120")
        int requestsPerMinute();
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
