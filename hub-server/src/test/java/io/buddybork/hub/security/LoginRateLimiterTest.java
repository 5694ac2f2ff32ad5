package io.buddybork.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Throttling rules of {@link LoginRateLimiter}, on a hand-driven clock. */
class LoginRateLimiterTest {

    private Instant now = Instant.parse("2026-11-24T12:00:00Z");

    private final WebConfig.Login config = new WebConfig.Login() {
        public int maxFailuresPerUser() { return 3; }
        public int maxFailuresPerAddress() { return 5; }
        public Duration window() { return Duration.ofMinutes(5); }
    };

    private LoginRateLimiter limiter() {
        return new LoginRateLimiter(config, new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now; }
        });
    }

    @Test
    void aUserIsLockedAfterItsLimitUntilTheWindowEnds() {
        LoginRateLimiter l = limiter();
        for (int i = 0; i < 3; i++) {
            assertThat(l.retryAfter("Ann", "1.1.1.1")).isZero();
            l.recordFailure("ann", "1.1.1." + i);
        }
        assertThat(l.retryAfter("ANN", "9.9.9.9")).isEqualTo(Duration.ofMinutes(5));
        now = now.plusSeconds(200);
        assertThat(l.retryAfter("ann", "9.9.9.9")).isEqualTo(Duration.ofSeconds(100));
        now = now.plusSeconds(100);
        assertThat(l.retryAfter("ann", "9.9.9.9")).isZero();
    }

    @Test
    void anAddressIsLockedForEveryUserAndSuccessOnlyClearsTheUser() {
        LoginRateLimiter l = limiter();
        for (int i = 0; i < 5; i++) {
            l.recordFailure("user" + i, "2.2.2.2");
        }
        assertThat(l.retryAfter("someone", "2.2.2.2")).isPositive();
        assertThat(l.retryAfter("someone", "3.3.3.3")).isZero();
        l.recordSuccess("user0");
        assertThat(l.retryAfter("someone", "2.2.2.2")).isPositive();
        now = now.plus(Duration.ofMinutes(6));
        l.sweep();
        assertThat(l.retryAfter("someone", "2.2.2.2")).isZero();
        assertThat(Optional.of(l)).isPresent();
    }
}
