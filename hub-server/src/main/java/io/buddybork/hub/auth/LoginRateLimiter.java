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
 * limit.
 *
 * <p>A browser that signed in before carries a signed device cookie (OWASP's defence against
 * lockout denial of service); its attempts are counted per cookie only, so nobody else's guesses
 * slow it down, and a cookie whose attempts fail too often is no longer trusted. Every other
 * attempt meets growing delays instead of lockouts: past a free allowance of failures per (user
 * name, client address) and per address, each failure doubles the wait before the next attempt
 * (up to a minute; an attempt during the wait is refused with the time left). Failures per user
 * name from all other addresses space further attempts out (queued without blocking threads), so a
 * stranger can make guessing slow but cannot lock the owner out; a client that signed in
 * successfully before (same user, same address) is exempt from that spacing.
 *
 * <p>In memory (a restart forgets counts, which only favours the owner); thread-safe (one lock: a
 * reservation reads and books several counters together, a few map operations); stale entries are
 * swept.
 */
@ApplicationScoped
public class LoginRateLimiter {

    /** The answer to a reservation: refused with a wait, or admitted (possibly after a delay). */
    public sealed interface Decision permits Refused, Admitted {}

    /** Refused: try again after {@code retryAfter}. */
    public record Refused(Duration retryAfter) implements Decision {}

    /** Admitted: check the password after {@code delay}, then report with the ticket. */
    public record Admitted(Ticket ticket, Duration delay) implements Decision {
        /** Whether the attempt was trusted for its device cookie (and so counted against that cookie only). */
        public boolean trustedDevice() {
            return ticket.device != null;
        }
    }

    /** One reserved attempt; hand it back through {@link #succeeded}, {@link #failed} or {@link #undecided}. */
    public static final class Ticket {
        private final String user;
        private final String address;
        private final String device;
        private final boolean countedForUser;

        private Ticket(String user, String address, String device, boolean countedForUser) {
            this.user = user;
            this.address = address;
            this.device = device;
            this.countedForUser = countedForUser;
        }
    }

    private static final int SWEEP_ABOVE = 10_000;

    private final Map<String, Counter> counters = new HashMap<>();
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

    /** As {@link #reserve(String, String, String)} without a device cookie. */
    public Decision reserve(String username, String address) {
        return reserve(username, address, null);
    }

    /**
     * Counts one attempt by {@code username} from {@code address} as failed until told otherwise,
     * unless it has to wait (then nothing is counted and the wait is returned).
     *
     * @param deviceNonce the nonce of a valid device cookie for this user (see
     *     {@link SessionSecrets#verifiedDeviceNonce}), or null
     */
    public synchronized Decision reserve(String username, String address, String deviceNonce) {
        Instant now = clock.instant();
        String user = normal(username);
        if (deviceNonce != null) {
            String device = deviceKey(user, deviceNonce);
            if (count(device, now) < config.maxFailuresPerDevice()) {
                book(device, now, config.window(), Integer.MAX_VALUE);
                sweepIfLarge();
                return new Admitted(new Ticket(user, address, device, false), Duration.ZERO);
            }
            // a cookie that failed too often is distrusted: its attempts are throttled like anyone's
        }
        String client = clientKey(user, address);
        Duration wait = longer(waitLeft(client, now), waitLeft(addressKey(address), now));
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
            book(userKey(user), now, config.userWindow(), Integer.MAX_VALUE);
        }
        book(client, now, config.window(), config.freeFailuresPerClient());
        book(addressKey(address), now, config.window(), config.freeFailuresPerAddress());
        sweepIfLarge();
        return new Admitted(new Ticket(user, address, null, !known), delay);
    }

    /** The password was right: the attempt is given back and the client becomes known for the user. */
    public synchronized void succeeded(Ticket ticket) {
        Instant now = clock.instant();
        if (ticket.device != null) {
            counters.remove(ticket.device);
        } else {
            String client = clientKey(ticket.user, ticket.address);
            giveBack(ticket, now);
            counters.remove(client);
            knownClients.put(client, now.plus(config.knownClientTtl()));
        }
    }

    /** The password could not be checked (e.g. the database is down): the attempt is given back. */
    public synchronized void undecided(Ticket ticket) {
        giveBack(ticket, clock.instant());
    }

    private void giveBack(Ticket ticket, Instant now) {
        if (ticket.device != null) {
            unbook(ticket.device, now, Integer.MAX_VALUE);
            return;
        }
        unbook(clientKey(ticket.user, ticket.address), now, config.freeFailuresPerClient());
        unbook(addressKey(ticket.address), now, config.freeFailuresPerAddress());
        if (ticket.countedForUser) {
            unbook(userKey(ticket.user), now, Integer.MAX_VALUE);
        }
    }

    /** The password was wrong: the attempt stays counted. */
    public void failed(Ticket ticket) {
        // counted at reservation; nothing to give back
    }

    /**
     * Forgets counters, slots and known clients that have expired: hourly, and whenever a map grows
     * past its bound, so memory stays bounded between sweeps.
     */
    @Scheduled(
            every = "1h",
            delayed = "1h",
            identity = "buddybork-login-throttle-sweep",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void sweep() {
        Instant now = clock.instant();
        counters.values().removeIf(c -> !now.isBefore(c.end));
        nextUserSlot.values().removeIf(slot -> !now.isBefore(slot));
        knownClients.values().removeIf(until -> !now.isBefore(until));
        if (knownClients.size() > SWEEP_ABOVE) {
            knownClients.clear(); // a flood of successful sign-ins cannot grow memory without bound
        }
    }

    private void sweepIfLarge() {
        if (counters.size() > SWEEP_ABOVE || knownClients.size() > SWEEP_ABOVE) {
            sweep();
        }
    }

    /** Spacing between further attempts on a user with {@code failures} recent failures: 1 s more per failure past the threshold, capped. */
    private Duration spacing(int failures) {
        Duration grown = config.userSpacingStep().multipliedBy(failures - config.userSlowdownAfter() + 1L);
        return grown.compareTo(config.userMaxSpacing()) > 0 ? config.userMaxSpacing() : grown;
    }

    /** The wait after the {@code failures}-th failure of a key allowed {@code free} failures: doubling from the step, capped. */
    private Duration delayAfter(int failures, int free) {
        int doublings = failures - free;
        if (doublings < 0) {
            return Duration.ZERO;
        }
        Duration max = config.maxDelay();
        if (doublings >= 30) {
            return max;
        }
        Duration grown = config.delayStep().multipliedBy(1L << doublings);
        return grown.compareTo(max) > 0 ? max : grown;
    }

    private boolean isKnown(String client, Instant now) {
        Instant until = knownClients.get(client);
        return until != null && now.isBefore(until);
    }

    private Duration waitLeft(String key, Instant now) {
        Counter c = counters.get(key);
        if (c == null || !now.isBefore(c.end) || c.notBefore == null || !now.isBefore(c.notBefore)) {
            return Duration.ZERO;
        }
        return Duration.between(now, c.notBefore);
    }

    private int count(String key, Instant now) {
        Counter c = counters.get(key);
        return c == null || !now.isBefore(c.end) ? 0 : c.count;
    }

    /** Counts one attempt on {@code key}; past {@code free} failures the key must wait before its next attempt. */
    private void book(String key, Instant now, Duration window, int free) {
        Counter c = counters.get(key);
        int count = (c == null || !now.isBefore(c.end) ? 0 : c.count) + 1;
        Duration delay = delayAfter(count, free);
        counters.put(key, new Counter(now.plus(window), count, delay.isZero() ? null : now.plus(delay)));
    }

    /** Takes one attempt back; below the free allowance the key need not wait any more. */
    private void unbook(String key, Instant now, int free) {
        Counter c = counters.get(key);
        if (c == null || !now.isBefore(c.end)) {
            return;
        }
        int count = Math.max(0, c.count - 1);
        counters.put(key, new Counter(c.end, count, count < free ? null : c.notBefore));
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

    private static String deviceKey(String user, String nonce) {
        return "d:" + nonce + "|" + user;
    }

    /** Attempts on one key until {@code end}; {@code notBefore} (or null) is when the next may come. */
    private record Counter(Instant end, int count, Instant notBefore) {}
}
