package io.buddybork.hub.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Login throttling under {@code buddybork.web.login.} (see {@link LoginRateLimiter} and docs/web.md). */
@ConfigMapping(prefix = "buddybork.web.login")
public interface LoginThrottleConfig {
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
