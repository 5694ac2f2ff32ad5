package io.buddybork.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.auth.LoginRateLimiter.Admitted;
import io.buddybork.hub.auth.LoginRateLimiter.Decision;
import io.buddybork.hub.auth.LoginRateLimiter.Refused;
import io.buddybork.hub.db.Sql;
import io.buddybork.hub.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two hubs on one database share the login throttle: the second is a limiter of its own on
 * connections of its own (not the pool of the hub under test), as another process would be.
 */
@QuarkusTest
class LoginThrottleAcrossHubsTest {

    @Inject
    LoginThrottleConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LoginThrottleRepository throttle;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private final String run = "." + UUID.randomUUID();
    private LoginRateLimiter hubA;
    private LoginRateLimiter hubB;

    @BeforeEach
    void twoHubs() {
        hubA = new LoginRateLimiter(config, throttle, Clock.systemUTC());
        hubB = new LoginRateLimiter(
                config, new LoginThrottleRepository(new Sql(otherHubsConnections(jdbcUrl))), Clock.systemUTC());
    }

    @AfterEach
    void forgetThisTestsRows() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("delete from login_throttle where key like ?")) {
            q.setString(1, "%" + run + "%");
            q.executeUpdate();
        }
    }

    private static PGSimpleDataSource otherHubsConnections(String url) {
        PGSimpleDataSource other = new PGSimpleDataSource();
        other.setUrl(url);
        other.setUser("postgres");
        return other;
    }

    @Test
    void failuresThroughOneHubDelayTheNextAttemptThroughTheOther() {
        String user = "ann" + run;
        String address = "10.0.0.1" + run;
        for (int i = 0; i < config.freeFailuresPerClient(); i++) {
            LoginRateLimiter hub = i % 2 == 0 ? hubA : hubB;
            Decision d = hub.reserve(user, address);
            assertThat(d).isInstanceOf(Admitted.class);
            hub.failed(((Admitted) d).ticket());
        }
        assertThat(hubB.reserve(user, address))
                .isInstanceOfSatisfying(
                        Refused.class,
                        r -> assertThat(r.retryAfter()).isPositive().isLessThanOrEqualTo(config.delayStep()));
        assertThat(hubA.reserve(user, address)).isInstanceOf(Refused.class);
        // another client of the same user is not held up by that
        assertThat(hubB.reserve(user, "10.0.0.2" + run)).isInstanceOf(Admitted.class);
    }

    @Test
    void aHundredParallelGuessesThroughTwoHubsAreAtMostTheClientLimitEvaluated() throws Exception {
        String user = "bob" + run;
        String address = "10.0.0.3" + run;
        AtomicInteger evaluated = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                LoginRateLimiter hub = i % 2 == 0 ? hubA : hubB;
                done.add(pool.submit(() -> {
                    go.await();
                    if (hub.reserve(user, address) instanceof Admitted a) {
                        evaluated.incrementAndGet();
                        hub.failed(a.ticket());
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
        assertThat(evaluated.get()).isEqualTo(config.freeFailuresPerClient());
    }

    @Test
    void aSignInThroughOneHubGivesTheAttemptBackAndMakesTheClientKnownOnTheOther() {
        String user = "cat" + run;
        String home = "10.0.0.4" + run;
        for (int i = 0; i < config.freeFailuresPerClient() - 1; i++) {
            hubA.failed(((Admitted) hubA.reserve(user, home)).ticket());
        }
        hubB.succeeded(((Admitted) hubB.reserve(user, home)).ticket());
        // strangers through hub A push the user past the slowdown threshold
        for (int i = 0; i <= config.userSlowdownAfter(); i++) {
            if (hubA.reserve(user, "10.1." + i + run) instanceof Admitted a) {
                hubA.failed(a.ticket());
            }
        }
        // the client's failures were cleared and it is known: through either hub, no wait, no slot
        for (int i = 0; i < config.freeFailuresPerClient() - 1; i++) {
            LoginRateLimiter hub = i % 2 == 0 ? hubA : hubB;
            assertThat(hub.reserve(user, home)).isInstanceOfSatisfying(Admitted.class, a -> {
                assertThat(a.delay()).isZero();
                hub.failed(a.ticket());
            });
        }
    }

    @Test
    void theSweepDeletesExpiredEntriesOnlyAndEitherHubMaySweep() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        LoginRateLimiter past = new LoginRateLimiter(config, throttle, Clock.fixed(longAgo, ZoneOffset.UTC));
        String old = "old" + run;
        past.failed(((Admitted) past.reserve(old, "10.0.0.5" + run)).ticket());
        past.succeeded(((Admitted) past.reserve(old, "10.0.0.6" + run)).ticket());
        String live = "live" + run;
        hubA.failed(((Admitted) hubA.reserve(live, "10.0.0.7" + run)).ticket());
        assertThat(rows("old" + run)).isPositive();
        assertThat(rows("live" + run)).isEqualTo(2); // user and client; the address's row follows
        assertThat(rows("a:10.0.0.7" + run)).isEqualTo(1);

        assertThat(hubB.sweep()).isPositive();
        assertThat(rows("old" + run)).isZero();
        assertThat(rows("live" + run)).isEqualTo(2);
        assertThat(rows("a:10.0.0.7" + run)).isEqualTo(1);
        assertThat(rows("a:10.0.0.5" + run)).isZero();
    }

    @Test
    void aUserNameAsLongAsAHeaderIsThrottledLikeAnyOther() {
        String user = "x".repeat(6_000) + run;
        String address = "10.0.0.9" + run;
        for (int i = 0; i < config.freeFailuresPerClient(); i++) {
            hubA.failed(((Admitted) hubA.reserve(user, address)).ticket());
        }
        assertThat(hubB.reserve(user, address)).isInstanceOf(Refused.class);
        assertThat(hubB.reserve(user + "y", address)).isInstanceOf(Admitted.class);
    }

    @Test
    void aSignInIsRefusedWith503WhenTheDatabaseCannotBeReached() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none");
        nowhere.setUser("postgres");
        nowhere.setConnectTimeout(5);
        LoginRateLimiter cutOff =
                new LoginRateLimiter(config, new LoginThrottleRepository(new Sql(nowhere)), Clock.systemUTC());
        assertThatThrownBy(() -> cutOff.reserve("dan" + run, "10.0.0.8" + run))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(503);
                    assertThat(e.headers()).containsKey("Retry-After");
                });
    }

    /** This database's throttle rows whose key contains {@code part}. */
    private int rows(String part) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("select count(*) from login_throttle where key like ?")) {
            q.setString(1, "%" + part + "%");
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
