package io.buddybork.hub.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per user name and per client address in fixed windows and says how long a
 * key must wait once it reached its limit. In memory (a restart forgets the counts, which only
 * ever favours a locked-out owner); thread-safe; stale windows are swept so memory stays bounded.
 */
@ApplicationScoped
public class LoginRateLimiter {

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final WebConfig.Login config;
    private final Clock clock;

    @Inject
    LoginRateLimiter(WebConfig config) {
        this(config.login(), Clock.systemUTC());
    }

    LoginRateLimiter(WebConfig.Login config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, or {@link Duration#ZERO} if allowed. */
    public Duration retryAfter(String username, String address) {
        Instant now = clock.instant();
        Duration user = wait(userKey(username), config.maxFailuresPerUser(), now);
        Duration addr = wait(addressKey(address), config.maxFailuresPerAddress(), now);
        return user.compareTo(addr) >= 0 ? user : addr;
    }

    /** Records one failed attempt for both keys. */
    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        bump(userKey(username), now);
        bump(addressKey(address), now);
        if (windows.size() > 10_000) {
            sweep();
        }
    }

    /** A successful login clears the user's count (never the address's: one good account must not unlock guessing). */
    public void recordSuccess(String username) {
        windows.remove(userKey(username));
    }

    /** Forgets windows that have ended. */
    public void sweep() {
        Instant now = clock.instant();
        windows.values().removeIf(w -> !now.isBefore(w.end));
    }

    private Duration wait(String key, int limit, Instant now) {
        Window w = windows.get(key);
        if (w == null || !now.isBefore(w.end) || w.failures < limit) {
            return Duration.ZERO;
        }
        return Duration.between(now, w.end);
    }

    private void bump(String key, Instant now) {
        windows.compute(key, (k, w) -> (w == null || !now.isBefore(w.end))
                ? new Window(now.plus(config.window()), 1)
                : new Window(w.end, w.failures + 1));
    }

    private static String userKey(String username) {
        return "u:" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }

    private record Window(Instant end, int failures) {
    }
}
