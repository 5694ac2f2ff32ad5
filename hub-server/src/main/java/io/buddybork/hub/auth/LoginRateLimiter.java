package io.buddybork.hub.auth;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Login throttling policy (documented with its numbers in docs/web.md): every password attempt
 * is counted <em>before</em> the password is checked ({@link #reserve}) and the count is given
 * back when it turns out right ({@link #succeeded}), so parallel guesses cannot all slip under a
 * limit. Limits: failures per (user name, client address) and per address within a window are
 * refused with a wait; failures per user name from all other addresses do not lock the user but
 * space further attempts out (a growing slowdown, queued without blocking threads), so a stranger
 * can make guessing slow but cannot lock the owner out; a client that signed in successfully
 * before (same user, same address) is not slowed by others' failures. In memory (a restart
 * forgets counts, which only favours the owner); thread-safe (one lock: a reservation reads and
 * books several counters together, a few map operations); stale entries are swept.
 */
@ApplicationScoped
public class LoginRateLimiter {

    /** The answer to a reservation: refused with a wait, or admitted (possibly after a delay). */
    public sealed interface Decision permits Refused, Admitted {}

    /** Refused: try again after {@code retryAfter}. */
    public record Refused(Duration retryAfter) implements Decision {}

    /** Admitted: check the password after {@code delay}, then report with the ticket. */
    public record Admitted(Ticket ticket, Duration delay) implements Decision {}

    /** One reserved attempt; hand it back through {@link #succeeded} or {@link #failed}. */
    public static final class Ticket {
        private final String user;
        private final String address;
        private final boolean countedForUser;

        private Ticket(String user, String address, boolean countedForUser) {
            this.user = user;
            this.address = address;
            this.countedForUser = countedForUser;
        }
    }

    private static final int SWEEP_ABOVE = 10_000;

    private final Map<String, Window> windows = new HashMap<>();
    private final Map<String, Instant> knownClients = new HashMap<>();
    private final Map<String, Instant> nextUserSlot = new HashMap<>();
    private final LoginThrottleConfig config;
    private final Clock clock;

    @Inject
    LoginRateLimiter(LoginThrottleConfig config) {
        this(config, Clock.systemUTC());
    }

    LoginRateLimiter(LoginThrottleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Counts one attempt by {@code username} from {@code address} as failed until told otherwise,
     * unless a limit is already reached (then nothing is counted and the wait is returned).
     */
    public synchronized Decision reserve(String username, String address) {
        Instant now = clock.instant();
        String user = normal(username);
        String client = clientKey(user, address);
        Duration wait = longer(
                wait(client, config.maxFailuresPerClient(), now),
                wait(addressKey(address), config.maxFailuresPerAddress(), now));
        if (!wait.isZero()) {
            return new Refused(wait);
        }
        boolean known = isKnown(client, now);
        Duration delay = Duration.ZERO;
        if (!known) {
            int userFailures = count(userKey(user), now);
            if (userFailures >= config.userSlowdownAfter()) {
                Instant slot = later(now, nextUserSlot.getOrDefault(user, now));
                delay = Duration.between(now, slot);
                if (delay.compareTo(config.maxQueuedDelay()) > 0) {
                    return new Refused(delay);
                }
                nextUserSlot.put(user, slot.plus(spacing(userFailures)));
            }
            bump(userKey(user), config.userWindow(), now, 1);
        }
        bump(client, config.window(), now, 1);
        bump(addressKey(address), config.window(), now, 1);
        if (windows.size() > SWEEP_ABOVE || knownClients.size() > SWEEP_ABOVE) {
            sweep();
        }
        return new Admitted(new Ticket(user, address, !known), delay);
    }

    /** The password was right: the attempt is given back and the client becomes known for the user. */
    public synchronized void succeeded(Ticket ticket) {
        Instant now = clock.instant();
        String client = clientKey(ticket.user, ticket.address);
        giveBack(ticket, now);
        windows.remove(client);
        knownClients.put(client, now.plus(config.knownClientTtl()));
    }

    /** The password could not be checked (e.g. the database is down): the attempt is given back. */
    public synchronized void undecided(Ticket ticket) {
        giveBack(ticket, clock.instant());
    }

    private void giveBack(Ticket ticket, Instant now) {
        bump(clientKey(ticket.user, ticket.address), config.window(), now, -1);
        bump(addressKey(ticket.address), config.window(), now, -1);
        if (ticket.countedForUser) {
            bump(userKey(ticket.user), config.userWindow(), now, -1);
        }
    }

    /** The password was wrong: the attempt stays counted. */
    public void failed(Ticket ticket) {
        // counted at reservation; nothing to give back
    }

    /**
     * Forgets windows, slots and known clients that have expired: hourly, and whenever a map grows
     * past its bound, so memory stays bounded between sweeps.
     */
    @Scheduled(
            every = "1h",
            delayed = "1h",
            identity = "buddybork-login-throttle-sweep",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void sweep() {
        Instant now = clock.instant();
        windows.values().removeIf(w -> !now.isBefore(w.end));
        nextUserSlot.values().removeIf(slot -> !now.isBefore(slot));
        knownClients.values().removeIf(until -> !now.isBefore(until));
        if (knownClients.size() > SWEEP_ABOVE) {
            knownClients.clear(); // a flood of successful sign-ins cannot grow memory without bound
        }
    }

    /** Spacing between further attempts on a user with {@code failures} recent failures: 1 s more per failure past the threshold, capped. */
    private Duration spacing(int failures) {
        Duration grown = config.userSpacingStep().multipliedBy(failures - config.userSlowdownAfter() + 1L);
        return grown.compareTo(config.userMaxSpacing()) > 0 ? config.userMaxSpacing() : grown;
    }

    private boolean isKnown(String client, Instant now) {
        Instant until = knownClients.get(client);
        return until != null && now.isBefore(until);
    }

    private Duration wait(String key, int limit, Instant now) {
        Window w = windows.get(key);
        if (w == null || !now.isBefore(w.end) || w.count < limit) {
            return Duration.ZERO;
        }
        return Duration.between(now, w.end);
    }

    private int count(String key, Instant now) {
        Window w = windows.get(key);
        return w == null || !now.isBefore(w.end) ? 0 : w.count;
    }

    private void bump(String key, Duration window, Instant now, int delta) {
        Window w = windows.get(key);
        if (w == null || !now.isBefore(w.end)) {
            if (delta > 0) {
                windows.put(key, new Window(now.plus(window), delta));
            }
            return;
        }
        int count = Math.max(0, w.count + delta);
        windows.put(key, new Window(w.end, count));
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String normal(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }

    private static String userKey(String user) {
        return "u:" + user;
    }

    private static String clientKey(String user, String address) {
        return "c:" + address + "|" + user;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }

    private record Window(Instant end, int count) {}
}
