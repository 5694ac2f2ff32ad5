package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.auth.CsrfFilter;
import io.buddybork.hub.auth.WebSessions;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Reviews of one detection are serialised and idempotent: many at once end in one consistent state
 * (the last one's) with exactly the annotation it implies, never a 5xx or an orphan annotation.
 */
@QuarkusTest
class DetectionReviewRaceTest {
    private static final int PARALLEL = 30;

    @Inject
    AgroalDataSource ds;

    /** A detection of tag "bark" over a freshly uploaded segment, inserted directly (no model has to run). */
    private long detection(Device d, long start) {
        long rawId = upload(d.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.ROOM, start % 1000))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        TestModels.TagRef bark = TestModels.tag("bark");
        TestModels.TagRef beep = TestModels.tag("beep");
        long modelId = TestModels.insertRow(
                ds, "review-race-" + start, "models/missing-" + start, List.of("bark", "beep"), List.of(bark, beep));
        return Db.queryLong(
                ds,
                "insert into detection (raw_id, model_id, start_time, tag_id, score, best_tag)"
                        + " values (?, ?, ?, ?, 0.9, 'bark') returning id",
                rawId,
                modelId,
                Timestamp.from(Instant.ofEpochMilli(start)),
                bark.id());
    }

    private long annotationsOver(Device d, long start) {
        return Db.queryLong(
                ds,
                "select count(*) from annot where device_id = ? and start_time = ?",
                d.id(),
                Timestamp.from(Instant.ofEpochMilli(start)));
    }

    /**
     * One signed-in session, each review from an address of its own (like many open tabs on many
     * machines): parallel HTTP-basic calls would each be a login, which the login limiter refuses
     * in a burst, and one client may only have a few bodies in transfer (body admission, 429).
     */
    private volatile WebSessions.Session session;

    private int post(long id, Map<String, Object> body) {
        WebSessions.Session s = session;
        return io.restassured.RestAssured.given()
                .cookies(s.cookies())
                .header(CsrfFilter.HEADER, s.csrf())
                .header("X-Forwarded-For", WebSessions.freshAddress())
                .contentType("application/json")
                .body(body)
                .post("/api/v1/detections/" + id + "/review")
                .statusCode();
    }

    @Test
    void thirtyParallelConflictingReviewsEndInOneStateWithTheAnnotationItImplies() throws Exception {
        session = WebSessions.login(HubApi.ADMIN, HubApi.ADMIN_PASSWORD);
        Device d = createDevice("review-race-" + System.nanoTime() % 100000);
        long start = HubApi.nextStart();
        long id = detection(d, start);
        long beep = TestModels.tag("beep").id();
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            bodies.add(
                    switch (i % 3) {
                        case 0 -> Map.of("review", "confirmed");
                        case 1 -> Map.of("review", "rejected", "tagId", beep);
                        default -> Map.of("review", "rejected");
                    });
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (Map<String, Object> body : bodies) {
                results.add(pool.submit(() -> {
                    go.await();
                    return post(id, body);
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> r : results) {
                codes.add(r.get());
            }
            assertThat(codes).as("every review is applied or a no-op").containsOnly(200);
        } finally {
            pool.shutdownNow();
        }

        String review = Db.queryString(ds, "select review from detection where id = ?", id);
        long reviewTag = Db.queryLong(ds, "select coalesce(review_tag_id, 0) from detection where id = ?", id);
        long annot = Db.queryLong(ds, "select coalesce(review_annot_id, 0) from detection where id = ?", id);
        assertThat(review).as("the detection ends reviewed").isIn("confirmed", "rejected");
        if (reviewTag == 0) {
            assertThat(review).isEqualTo("rejected");
            assertThat(annot).as("a rejection without a tag annotates nothing").isZero();
            assertThat(annotationsOver(d, start)).as("no orphan annotation").isZero();
        } else {
            assertThat(annotationsOver(d, start))
                    .as("exactly the review's annotation")
                    .isEqualTo(1);
            assertThat(Db.queryLong(ds, "select tag_id from annot where id = ?", annot))
                    .isEqualTo(reviewTag);
        }
    }

    @Test
    void aRepeatedIdenticalReviewIsANoOpKeepingTheSameAnnotation() throws Exception {
        session = WebSessions.login(HubApi.ADMIN, HubApi.ADMIN_PASSWORD);
        Device d = createDevice("review-again-" + System.nanoTime() % 100000);
        long start = HubApi.nextStart();
        long id = detection(d, start);
        assertThat(post(id, Map.of("review", "confirmed"))).isEqualTo(200);
        long first = Db.queryLong(ds, "select review_annot_id from detection where id = ?", id);
        String at = Db.queryString(ds, "select reviewed_at::text from detection where id = ?", id);

        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < PARALLEL; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return post(id, Map.of("review", "confirmed"));
                }));
            }
            go.countDown();
            Map<Integer, Integer> codes = new HashMap<>();
            for (Future<Integer> r : results) {
                codes.merge(r.get(), 1, Integer::sum);
            }
            assertThat(codes).containsExactly(Map.entry(200, PARALLEL));
        } finally {
            pool.shutdownNow();
        }
        assertThat(Db.queryLong(ds, "select review_annot_id from detection where id = ?", id))
                .as("the same annotation")
                .isEqualTo(first);
        assertThat(Db.queryString(ds, "select reviewed_at::text from detection where id = ?", id))
                .as("not reviewed again")
                .isEqualTo(at);
        assertThat(annotationsOver(d, start)).isEqualTo(1);
    }
}
