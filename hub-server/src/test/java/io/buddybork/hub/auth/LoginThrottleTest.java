package io.buddybork.hub.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The login throttle under parallel guessing, over HTTP basic against the running hub. */
@QuarkusTest
class LoginThrottleTest {

    @Inject
    UserService users;

    @Test
    void aHundredParallelGuessesAreAtMostFiveEvaluatedAndTheRightPasswordInsideTheBurstIsRefused() throws Exception {
        String user = "burst" + System.nanoTime();
        users.createUser(user, "right-password-1", Roles.VIEWER);
        String address = WebSessions.freshAddress();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                String password = "wrong-password-" + i;
                done.add(pool.submit(() -> {
                    go.await();
                    int status = given().header("X-Forwarded-For", address)
                            .auth()
                            .preemptive()
                            .basic(user, password)
                            .get("/api/v1/tags")
                            .statusCode();
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
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
        // 401 = the password was checked and wrong; 429 = refused before any check
        assertThat(statuses.keySet()).containsOnly(401, 429);
        assertThat(statuses.get(401).get()).isLessThanOrEqualTo(5);
        assertThat(statuses.get(429).get()).isGreaterThanOrEqualTo(95);
        // the right password after the burst, from the same client, waits too
        given().header("X-Forwarded-For", address)
                .auth()
                .preemptive()
                .basic(user, "right-password-1")
                .get("/api/v1/tags")
                .then()
                .statusCode(429);
    }

    @Test
    void aKnownClientSignsInWhileStrangersGuessTheSameUser() {
        String user = "known" + System.nanoTime();
        users.createUser(user, "right-password-2", Roles.VIEWER);
        String home = WebSessions.freshAddress();
        given().header("X-Forwarded-For", home)
                .auth()
                .preemptive()
                .basic(user, "right-password-2")
                .get("/api/v1/tags")
                .then()
                .statusCode(200);
        // strangers from 3 addresses, 4 guesses each: past the per-user threshold (10)
        for (int a = 0; a < 3; a++) {
            String stranger = WebSessions.freshAddress();
            for (int i = 0; i < 4; i++) {
                int status = given().header("X-Forwarded-For", stranger)
                        .auth()
                        .preemptive()
                        .basic(user, "guess-" + i)
                        .get("/api/v1/tags")
                        .statusCode();
                assertThat(status).isIn(401, 429);
            }
        }
        given().header("X-Forwarded-For", home)
                .auth()
                .preemptive()
                .basic(user, "right-password-2")
                .get("/api/v1/tags")
                .then()
                .statusCode(200);
    }
}
