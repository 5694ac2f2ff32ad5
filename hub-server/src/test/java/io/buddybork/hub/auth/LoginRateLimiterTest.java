package io.buddybork.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.auth.LoginRateLimiter.Admitted;
import io.buddybork.hub.auth.LoginRateLimiter.Decision;
import io.buddybork.hub.auth.LoginRateLimiter.Refused;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Throttling rules of {@link LoginRateLimiter}, on a hand-driven clock and the test database (each
 * test's user names and addresses carry a suffix of its own, so tests share no rows).
 */
@QuarkusTest
class LoginRateLimiterTest {

    // the real time to start from: rows a test leaves are swept like any others
    private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final String run = "." + UUID.randomUUID();

    @Inject
    LoginThrottleRepository throttle;

    private final LoginThrottleConfig config = new LoginThrottleConfig() {
        public int freeFailuresPerClient() {
            return 5;
        }

        public int freeFailuresPerAddress() {
            return 20;
        }

        public Duration window() {
            return Duration.ofMinutes(15);
        }

        public Duration delayStep() {
            return Duration.ofSeconds(1);
        }

        public Duration maxDelay() {
            return Duration.ofSeconds(60);
        }

        public Duration deviceCookieMaxAge() {
            return Duration.ofDays(180);
        }

        public int maxFailuresPerDevice() {
            return 5;
        }

        public int userSlowdownAfter() {
            return 10;
        }

        public Duration userWindow() {
            return Duration.ofHours(1);
        }

        public Duration userSpacingStep() {
            return Duration.ofSeconds(1);
        }

        public Duration userMaxSpacing() {
            return Duration.ofSeconds(30);
        }

        public Duration maxQueuedDelay() {
            return Duration.ofSeconds(10);
        }

        public Duration knownClientTtl() {
            return Duration.ofDays(30);
        }
    };

    /** The limiter under test, on this test's own user names and addresses. */
    private final class Limiter {
        private final LoginRateLimiter limiter;

        Limiter(LoginRateLimiter limiter) {
            this.limiter = limiter;
        }

        Decision reserve(String user, String address) {
            return limiter.reserve(user + run, address + run);
        }

        Decision reserve(String user, String address, String nonce) {
            return limiter.reserve(user + run, address + run, nonce);
        }

        void failed(LoginRateLimiter.Ticket ticket) {
            limiter.failed(ticket);
        }

        void succeeded(LoginRateLimiter.Ticket ticket) {
            limiter.succeeded(ticket);
        }
    }

    private Limiter limiter() {
        return new Limiter(new LoginRateLimiter(config, throttle, new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now;
            }
        }));
    }

    private static void fail(Limiter l, String user, String address) {
        Decision d = l.reserve(user, address);
        assertThat(d).isInstanceOf(Admitted.class);
        l.failed(((Admitted) d).ticket());
    }

    @Test
    void aHundredParallelGuessesFromOneClientAreAtMostTheLimitEvaluated() throws Exception {
        Limiter l = limiter();
        AtomicInteger evaluated = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    if (l.reserve("ann", "6.6.6.6") instanceof Admitted a) {
                        evaluated.incrementAndGet(); // the (slow) password check would run here, in parallel
                        l.failed(a.ticket());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(evaluated.get()).isEqualTo(5);
    }

    @Test
    void reservationsInFlightCountAgainstTheLimitBeforeTheirOutcomeIsKnown() {
        Limiter l = limiter();
        List<Admitted> inFlight = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inFlight.add((Admitted) l.reserve("ann", "6.6.6.6"));
        }
        assertThat(l.reserve("ann", "6.6.6.6")).isInstanceOf(Refused.class);
        l.succeeded(inFlight.get(0).ticket()); // the right password gives its slot back (and clears the client)
        assertThat(l.reserve("ann", "6.6.6.6")).isInstanceOf(Admitted.class);
    }

    @Test
    void aStrangerCannotLockTheOwnerOutOnlySlowStrangersDown() {
        Limiter l = limiter();
        Decision owner = l.reserve("ann", "192.168.1.20");
        l.succeeded(((Admitted) owner).ticket());
        // a botnet: many addresses, a few guesses each
        for (int i = 0; i < 40; i++) {
            Decision d = l.reserve("ann", "203.0.113." + i);
            if (d instanceof Admitted a) {
                l.failed(a.ticket());
            }
            now = now.plusSeconds(31);
        }
        Decision again = l.reserve("ann", "192.168.1.20");
        assertThat(again)
                .isInstanceOfSatisfying(
                        Admitted.class, a -> assertThat(a.delay()).isZero());
        // a fresh address is slowed (or told to wait), never locked for the window
        Decision stranger = l.reserve("ann", "198.51.100.1");
        Duration wait = stranger instanceof Admitted a ? a.delay() : ((Refused) stranger).retryAfter();
        assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void attemptsOnOneUserAreSpacedOutPastTheThresholdAndRefusedWhenTheQueueIsLong() {
        Limiter l = limiter();
        for (int i = 0; i < 10; i++) {
            fail(l, "bob", "203.0.113." + i);
        }
        Admitted first = (Admitted) l.reserve("bob", "198.51.100.1");
        assertThat(first.delay()).isZero();
        Admitted second = (Admitted) l.reserve("bob", "198.51.100.2");
        assertThat(second.delay()).isEqualTo(Duration.ofSeconds(1));
        l.failed(first.ticket());
        l.failed(second.ticket());
        Decision queued = null;
        for (int i = 3; i < 20 && !(queued instanceof Refused); i++) {
            queued = l.reserve("bob", "198.51.100." + i);
        }
        assertThat(queued)
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.retryAfter()).isGreaterThan(Duration.ofSeconds(10)));
    }

    @Test
    void anAddressWaitsGrowingDelaysForEveryUserNeverAWindowLongLockout() {
        Limiter l = limiter();
        for (int i = 0; i < 20; i++) {
            fail(l, "user" + i, "2.2.2.2");
        }
        assertThat(l.reserve("someone", "2.2.2.2"))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(l.reserve("someone", "3.3.3.3")).isInstanceOf(Admitted.class);
        now = now.plusSeconds(1);
        fail(l, "user20", "2.2.2.2");
        assertThat(l.reserve("someone", "2.2.2.2"))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void aClientsWaitDoublesWithEachFailureUpToAMinute() {
        Limiter l = limiter();
        for (int i = 0; i < 5; i++) {
            fail(l, "ann", "4.4.4.4");
        }
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Duration wait = ((Refused) l.reserve("ann", "4.4.4.4")).retryAfter();
            waits.add(wait);
            now = now.plus(wait);
            fail(l, "ann", "4.4.4.4");
        }
        assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        // quiet for the window: the client starts afresh
        now = now.plus(Duration.ofMinutes(16));
        assertThat(l.reserve("ann", "4.4.4.4")).isInstanceOf(Admitted.class);
    }

    @Test
    void aBrowserWithADeviceCookieSignsInWhileItsAddressAndUserAreThrottled() {
        Limiter l = limiter();
        // strangers on the owner's address (a shared NAT) and from a botnet on the owner's name
        for (int i = 0; i < 25; i++) {
            Decision d = l.reserve(i < 5 ? "ann" : "user" + i, "5.5.5.5");
            if (d instanceof Admitted a) {
                l.failed(a.ticket());
            }
        }
        for (int i = 0; i < 40; i++) {
            if (l.reserve("ann", "203.0.113." + i) instanceof Admitted a) {
                l.failed(a.ticket());
            }
        }
        assertThat(l.reserve("ann", "5.5.5.5")).isInstanceOf(Refused.class);
        assertThat(l.reserve("ann", "5.5.5.5", "nonce-1")).isInstanceOfSatisfying(Admitted.class, a -> {
            assertThat(a.delay()).isZero();
            assertThat(a.trustedDevice()).isTrue();
        });
        // the same browser from a new address
        assertThat(l.reserve("ann", "198.51.100.77", "nonce-1"))
                .isInstanceOfSatisfying(
                        Admitted.class, a -> assertThat(a.delay()).isZero());
    }

    @Test
    void failuresWithADeviceCookieCountAgainstThatCookieOnlyUntilItIsDistrusted() {
        Limiter l = limiter();
        for (int i = 0; i < 5; i++) {
            Admitted a = (Admitted) l.reserve("ann", "6.6.6.7", "stolen");
            assertThat(a.trustedDevice()).isTrue();
            l.failed(a.ticket());
        }
        // the address and the client were not charged: a cookie-less attempt there passes at once
        assertThat(l.reserve("ann", "6.6.6.7")).isInstanceOfSatisfying(Admitted.class, a -> {
            assertThat(a.delay()).isZero();
            l.failed(a.ticket());
        });
        // the cookie failed too often: it is throttled like anyone now, and another cookie is not affected
        Admitted distrusted = (Admitted) l.reserve("ann", "6.6.6.7", "stolen");
        assertThat(distrusted.trustedDevice()).isFalse();
        l.failed(distrusted.ticket());
        for (int i = 0; i < 3; i++) {
            fail(l, "ann", "6.6.6.7");
        }
        assertThat(l.reserve("ann", "6.6.6.7", "stolen")).isInstanceOf(Refused.class);
        assertThat(l.reserve("ann", "6.6.6.7", "other-browser")).isInstanceOf(Admitted.class);
    }

    @Test
    void aSuccessfulSignInClearsItsCookiesFailures() {
        Limiter l = limiter();
        for (int i = 0; i < 4; i++) {
            l.failed(((Admitted) l.reserve("ann", "7.7.7.7", "mine")).ticket());
        }
        l.succeeded(((Admitted) l.reserve("ann", "7.7.7.7", "mine")).ticket());
        for (int i = 0; i < 4; i++) {
            assertThat(((Admitted) l.reserve("ann", "7.7.7.7", "mine")).trustedDevice())
                    .isTrue();
        }
    }

    @Test
    void aHundredParallelGuessesWithOneCookieAreBoundedByTheCookieAndTheClientLimits() throws Exception {
        Limiter l = limiter();
        AtomicInteger evaluated = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                done.add(pool.submit(() -> {
                    if (l.reserve("ann", "8.8.8.8", "stolen") instanceof Admitted a) {
                        evaluated.incrementAndGet();
                        l.failed(a.ticket());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(evaluated.get()).isEqualTo(10); // 5 on the cookie, then 5 as an untrusted client
    }

    @Test
    void aClientWaitsAfterItsFreeFailuresAndUserNamesAreCaseInsensitive() {
        Limiter l = limiter();
        for (int i = 0; i < 5; i++) {
            fail(l, i % 2 == 0 ? "Ann" : "ANN", "1.1.1.1");
        }
        assertThat(l.reserve("ann", "1.1.1.1"))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(l.reserve("ann", "1.1.1.2")).isInstanceOf(Admitted.class);
    }
}
