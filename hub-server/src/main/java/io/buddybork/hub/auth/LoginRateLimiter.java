package io.buddybork.hub.auth;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

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
 * <p>The counts live in the table {@code login_throttle} (V70), so every hub on the database
 * enforces the same limits: N hubs do not give an attacker N times the guesses. A reservation is
 * one transaction of {@link LoginThrottleRepository} that locks the rows of its keys, lets the
 * policy here decide on them and writes what it booked; concurrent attempts on a key, from any
 * hub, queue on its row lock. Giving an attempt back is one upsert. Times are this hub's clock (hubs are expected to run NTP). A database that cannot be
 * reached refuses the sign-in (503): see {@link #reserve}. Blocking; thread-safe (no state here).
 * Expired rows are swept hourly by one hub.
 */
@ApplicationScoped
public class LoginRateLimiter {

    private static final Logger LOG = Logger.getLogger(LoginRateLimiter.class);
    /** Rows per sweep statement: short transactions beside sign-ins. */
    static final int SWEEP_BATCH = 5_000;
    /** Longest name kept as it is in a key (at most 4 bytes a character: far below a B-tree entry's limit). */
    private static final int MAX_READABLE_KEY = 300;

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

    private final LoginThrottleConfig config;
    private final LoginThrottleRepository throttle;
    private final Clock clock;

    @Inject
    LoginRateLimiter(LoginThrottleConfig config, LoginThrottleRepository throttle) {
        this(config, throttle, Clock.systemUTC());
    }

    LoginRateLimiter(LoginThrottleConfig config, LoginThrottleRepository throttle, Clock clock) {
        this.config = config;
        this.throttle = throttle;
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
     * <p>Fails closed: when the database cannot be reached the attempt is refused with a 503
     * problem ({@code database-unavailable}, as a password check would be), never let through
     * uncounted. Failing open would hand an attacker who can overload the database unthrottled
     * guesses, and gains the owner nothing: the user rows live in the same database, so no
     * sign-in can succeed while it is down anyway.
     *
     * @param deviceNonce the nonce of a valid device cookie for this user (see
     *     {@link SessionSecrets#verifiedDeviceNonce}), or null
     * @throws ProblemException 503 when the database cannot be reached, 500 on another database error
     */
    public Decision reserve(String username, String address, String deviceNonce) {
        Instant now = now();
        String user = normal(username);
        String device = deviceNonce == null ? null : deviceKey(user, deviceNonce);
        Set<String> keys = new LinkedHashSet<>();
        if (device != null) {
            keys.add(device);
        }
        keys.add(clientKey(user, address));
        keys.add(addressKey(address));
        keys.add(userKey(user));
        try {
            // a refusal books nothing, so its transaction rolls back
            return throttle.book(keys, now, locked -> {
                Booking booking = new Booking(locked, now);
                Decision decision = decide(booking, user, address, device, now);
                return new LoginThrottleRepository.Booked<>(decision, booking.changes());
            });
        } catch (SQLException e) {
            throw failure("throttle a sign-in", e);
        }
    }

    /** The policy, on the locked rows of one attempt's keys. */
    private Decision decide(Booking b, String user, String address, String device, Instant now) {
        if (device != null) {
            if (b.count(device) < config.maxFailuresPerDevice()) {
                b.book(device, config.window(), Integer.MAX_VALUE);
                return new Admitted(new Ticket(user, address, device, false), Duration.ZERO);
            }
            // a cookie that failed too often is distrusted: its attempts are throttled like anyone's
        }
        String client = clientKey(user, address);
        Duration wait = longer(b.waitLeft(client), b.waitLeft(addressKey(address)));
        if (!wait.isZero()) {
            return new Refused(wait);
        }
        boolean known = b.isKnown(client);
        Duration delay = Duration.ZERO;
        if (!known) {
            String userKey = userKey(user);
            int userFailures = b.count(userKey);
            if (userFailures >= config.userSlowdownAfter()) {
                Row row = b.rows.get(userKey);
                Instant slot = row.nextSlot == null ? now : later(now, row.nextSlot);
                delay = Duration.between(now, slot);
                if (delay.compareTo(config.maxQueuedDelay()) > 0) {
                    return new Refused(delay);
                }
                row.nextSlot = slot.plus(spacing(userFailures));
                b.changed.add(userKey);
            }
            b.book(userKey, config.userWindow(), Integer.MAX_VALUE);
        }
        b.book(client, config.window(), config.freeFailuresPerClient());
        b.book(addressKey(address), config.window(), config.freeFailuresPerAddress());
        return new Admitted(new Ticket(user, address, null, !known), delay);
    }

    /**
     * The password was right: the attempt is given back and the client becomes known for the user.
     * Should the database fail here the attempt stays counted (logged): a sign-in that succeeded is
     * not turned into an error, and the throttle only errs on the strict side.
     */
    public void succeeded(Ticket ticket) {
        Instant now = now();
        if (ticket.device != null) {
            giveBack(List.of(ticket.device), ticket.device, null, now);
        } else {
            String client = clientKey(ticket.user, ticket.address);
            giveBack(counted(ticket), client, now.plus(config.knownClientTtl()), now);
        }
    }

    /** The password could not be checked (e.g. the database is down): the attempt is given back. */
    public void undecided(Ticket ticket) {
        giveBack(ticket.device != null ? List.of(ticket.device) : counted(ticket), null, null, now());
    }

    /** The password was wrong: the attempt stays counted. */
    public void failed(Ticket ticket) {
        // counted at reservation; nothing to give back
    }

    private static List<String> counted(Ticket ticket) {
        List<String> keys = new ArrayList<>();
        keys.add(clientKey(ticket.user, ticket.address));
        keys.add(addressKey(ticket.address));
        if (ticket.countedForUser) {
            keys.add(userKey(ticket.user));
        }
        return keys;
    }

    /**
     * Takes one attempt back from each of {@code keys}; {@code resetKey} (or null) is cleared
     * instead, and becomes known until {@code knownUntil} when that is given.
     */
    private void giveBack(List<String> keys, String resetKey, Instant knownUntil, Instant now) {
        try {
            throttle.giveBack(
                    keys, resetKey, knownUntil, now, config.freeFailuresPerClient(), config.freeFailuresPerAddress());
        } catch (SQLException e) {
            LOG.warnf("Could not give a login attempt back (it stays counted): %s", e.getMessage());
        }
    }

    /** Runs {@link #sweep} hourly on one hub of the database at a time. */
    @Scheduled(
            every = "1h",
            delayed = "1h",
            identity = "buddybork-login-throttle-sweep",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ExclusiveAcrossHubs("login-throttle-sweep")
    void scheduledSweep() {
        try {
            int n = sweep();
            LOG.debugf("login throttle: forgot %d expired entries", n);
        } catch (RuntimeException e) {
            LOG.warnf("Sweeping the login throttle failed (retried in an hour): %s", e.getMessage());
        }
    }

    /**
     * Deletes the rows whose counts, slot and known-client exemption have all expired, in batches
     * that skip rows a sign-in holds (they are taken next time); returns how many went.
     */
    public int sweep() {
        Instant now = now();
        int total = 0;
        int n;
        try {
            do {
                n = throttle.sweepExpired(now, SWEEP_BATCH);
                total += n;
            } while (n == SWEEP_BATCH);
        } catch (SQLException e) {
            throw failure("sweep the login throttle", e);
        }
        return total;
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

    /** The clock at the database's precision, so what is written reads back the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ProblemException failure(String doing, SQLException e) {
        if (DatabaseFailures.isConnectionFailure(e)) {
            return ProblemException.unavailable("database-unavailable", "the hub cannot check credentials now", 10, e);
        }
        return DatabaseFailures.problem(doing, e);
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
        return bounded("u:", user);
    }

    private static String clientKey(String user, String address) {
        return bounded("c:", address + "|" + user);
    }

    private static String addressKey(String address) {
        return bounded("a:", address);
    }

    private static String deviceKey(String user, String nonce) {
        return bounded("d:", nonce + "|" + user);
    }

    /**
     * The key of {@code name} under {@code kind}, readable when short; a long one (a user name can be
     * as long as a request header) becomes its SHA-256, since a B-tree key has to fit a third of a page.
     */
    private static String bounded(String kind, String name) {
        if (name.length() <= MAX_READABLE_KEY) {
            return kind + name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return kind + "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One key's row as the policy changes it (see {@link LoginThrottleRepository.Entry}). */
    private static final class Row {
        int attempts;
        Instant windowEnd;
        Instant notBefore;
        Instant nextSlot;
        final Instant knownUntil;

        Row(LoginThrottleRepository.Entry locked) {
            this.attempts = locked.attempts();
            this.windowEnd = locked.windowEnd();
            this.notBefore = locked.notBefore();
            this.nextSlot = locked.nextSlot();
            this.knownUntil = locked.knownUntil();
        }

        boolean live(Instant now) {
            return windowEnd != null && now.isBefore(windowEnd);
        }
    }

    /** The locked rows of one attempt and which of them it changed. */
    private final class Booking {
        final Map<String, Row> rows = new HashMap<>();
        final Set<String> changed = new LinkedHashSet<>();
        final Instant now;

        Booking(Map<String, LoginThrottleRepository.Entry> locked, Instant now) {
            locked.forEach((key, entry) -> rows.put(key, new Row(entry)));
            this.now = now;
        }

        /** The rows the policy changed, to be written. */
        List<LoginThrottleRepository.Change> changes() {
            List<LoginThrottleRepository.Change> changes = new ArrayList<>();
            for (String key : changed) {
                Row r = rows.get(key);
                changes.add(new LoginThrottleRepository.Change(key, r.attempts, r.windowEnd, r.notBefore, r.nextSlot));
            }
            return changes;
        }

        int count(String key) {
            Row r = rows.get(key);
            return r.live(now) ? r.attempts : 0;
        }

        Duration waitLeft(String key) {
            Row r = rows.get(key);
            if (!r.live(now) || r.notBefore == null || !now.isBefore(r.notBefore)) {
                return Duration.ZERO;
            }
            return Duration.between(now, r.notBefore);
        }

        boolean isKnown(String client) {
            Instant until = rows.get(client).knownUntil;
            return until != null && now.isBefore(until);
        }

        /** Counts one attempt on {@code key}; past {@code free} failures the key must wait before its next attempt. */
        void book(String key, Duration window, int free) {
            Row r = rows.get(key);
            int count = count(key) + 1;
            Duration delay = delayAfter(count, free);
            r.attempts = count;
            r.windowEnd = now.plus(window);
            r.notBefore = delay.isZero() ? null : now.plus(delay);
            changed.add(key);
        }
    }
}
