package io.buddybork.hub.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Login throttling under {@code buddybork.web.login.} (see {@link LoginRateLimiter} and docs/web.md). */
@ConfigMapping(prefix = "buddybork.web.login")
public interface LoginThrottleConfig {
    /** Failed attempts for one user name from one client address before that client's attempts are spaced out. */
    @WithDefault("5")
    int freeFailuresPerClient();

    /** Failed attempts from one client address (any user names) before its attempts are spaced out. */
    @WithDefault("20")
    int freeFailuresPerAddress();

    /** How long the failures of a client or an address are remembered after the last one. */
    @WithDefault("15M")
    Duration window();

    /** The first wait past a free allowance; each further failure doubles it. */
    @WithDefault("1S")
    Duration delayStep();

    /** The longest wait between attempts of one client or address (the doubling stops here). */
    @WithDefault("60S")
    Duration maxDelay();

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

    /** Lifetime of the device cookie a browser gets when it signs in (it is renewed on every sign-in). */
    @WithDefault("180D")
    Duration deviceCookieMaxAge();

    /** Failed attempts with one device cookie within {@link #window()} after which that cookie is no longer trusted. */
    @WithDefault("5")
    int maxFailuresPerDevice();
}
