package io.buddybork.hub.notify;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.away.AwayChanged;
import io.buddybork.hub.episode.EpisodeEvent;
import io.buddybork.hub.episode.EpisodeEvent.Kind;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.time.HubZone;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook and ntfy pushes to a receiver in the test: one push per episode, the per-tag cooldown,
 * minimum length and score, quiet hours, away-only rules, retries with backoff into the delivery
 * log, "send a test", masked secrets, and the admin-only API. Episode and away events are fired
 * here as the episode tracker and away mode fire them.
 */
@QuarkusTest
@OwnStart
@TestProfile(WithMqtt.class)
class WebhookNotificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Event<EpisodeEvent> episodes;

    @Inject
    Event<AwayChanged> away;

    @Inject
    DataSource ds;

    @Inject
    HubZone zone;

    private WebhookReceiver receiver;
    private long device;

    @BeforeEach
    void freshTargets() throws Exception {
        // targets are global: every test starts with only its own
        Db.update(ds, "delete from notify_target");
        Db.update(
                ds,
                "update notify_rule set enabled = true, cooldown_seconds = 600, quiet_start = null,"
                        + " quiet_end = null, min_duration_ms = 0, min_score = 0, only_when_away = false where tag_id is null");
        receiver = new WebhookReceiver();
        device = HubApi.createDevice("garden-" + System.nanoTime()).id();
    }

    @AfterEach
    void stopReceiver() {
        Db.update(ds, "delete from notify_target");
        receiver.close();
    }

    @Test
    void eachEpisodeIsPushedOnceAndTheCooldownHoldsBackTheTagsNextEpisode() throws Exception {
        long tag = tag("bark");
        long target = target("hook", "generic", receiver.url("/hook"), null);
        long first = Episodes.nextId();
        fire(Kind.STARTED, first, tag, 3000, 0.9);
        fire(Kind.EXTENDED, first, tag, 6000, 0.95);
        fire(Kind.ENDED, first, tag, 9000, 0.95);
        long second = Episodes.nextId();
        fire(Kind.STARTED, second, tag, 3000, 0.9); // within the default 10 min cooldown of the same tag
        long other = tag("howl");
        long marker = Episodes.nextId();
        fire(Kind.STARTED, marker, other, 3000, 0.9); // handled after all of the above

        await().atMost(WAIT).until(() -> receiver.calls("/hook").size() >= 2);
        List<JsonNode> bodies = bodies("/hook");
        // pushes go out on threads of their own, so they may arrive in either order
        assertThat(bodies).extracting(b -> b.get("episodeId").asLong()).containsExactlyInAnyOrder(first, marker);
        JsonNode body = bodies.stream()
                .filter(b -> b.get("episodeId").asLong() == first)
                .findFirst()
                .orElseThrow();
        assertThat(body.get("type").asText()).isEqualTo("episode");
        assertThat(body.get("kind").asText()).isEqualTo("started");
        assertThat(body.get("tagId").asLong()).isEqualTo(tag);
        assertThat(body.get("deviceId").asLong()).isEqualTo(device);
        assertThat(body.get("durationMs").asLong()).isEqualTo(3000);
        assertThat(receiver.calls("/hook").getFirst().header("Content-Type")).startsWith("application/json");

        await().atMost(WAIT)
                .until(() -> deliveries(target).getList("status").stream().allMatch("sent"::equals));
        assertThat(deliveries(target).getList("episodeId", Long.class)).containsExactlyInAnyOrder(first, marker);
    }

    @Test
    void theCooldownCountsBetweenEpisodesSoABoutFromAnOutageDoesNotHoldBackOneHeardNow() throws Exception {
        long tag = tag("spool");
        target("hook", "generic", receiver.url("/spool"), null);
        long now = System.currentTimeMillis();
        long threeHoursAgo = now - Duration.ofHours(3).toMillis();
        // an edge back from an outage uploads its spool: two bouts of three hours ago, 5 min apart
        long old = Episodes.nextId();
        long oldNeighbour = Episodes.nextId();
        fire(Kind.STARTED, old, tag, threeHoursAgo, 3000, 0.9);
        fire(Kind.STARTED, oldNeighbour, tag, threeHoursAgo + 300_000, 3000, 0.9);
        // a bout heard now, a moment after the spool's push went out, then one 4 min before it found late
        long current = Episodes.nextId();
        long currentNeighbour = Episodes.nextId();
        fire(Kind.STARTED, current, tag, now, 3000, 0.9);
        fire(Kind.STARTED, currentNeighbour, tag, now - 240_000, 3000, 0.9);
        long marker = markerPush();

        await().atMost(WAIT)
                .until(() -> bodies("/spool").stream()
                        .anyMatch(b -> b.get("episodeId").asLong() == marker));
        assertThat(bodies("/spool"))
                .extracting(b -> b.get("episodeId").asLong())
                .as("one push for each bout at least 10 min from another pushed one, in whatever order found")
                .containsExactlyInAnyOrder(old, current, marker);
    }

    @Test
    void aZeroCooldownPushesEveryEpisodeOfTheTag() throws Exception {
        long tag = tag("yap");
        rule(tag, Map.of("cooldownSeconds", 0));
        target("hook", "generic", receiver.url("/each"), null);
        long a = Episodes.nextId();
        long b = Episodes.nextId();
        fire(Kind.STARTED, a, tag, 3000, 0.9);
        fire(Kind.STARTED, b, tag, 3000, 0.9);
        await().atMost(WAIT).until(() -> receiver.calls("/each").size() >= 2);
        assertThat(bodies("/each")).extracting(j -> j.get("episodeId").asLong()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void shortOrWeakEpisodesWaitUntilTheyReachTheRulesLengthAndScore() throws Exception {
        long tag = tag("growl");
        rule(tag, Map.of("minDurationMs", 5000, "minScore", 0.8));
        target("hook", "generic", receiver.url("/strict"), null);
        long id = Episodes.nextId();
        fire(Kind.STARTED, id, tag, 3000, 0.9); // too short
        fire(Kind.EXTENDED, id, tag, 6000, 0.5); // long enough, too weak
        fire(Kind.EXTENDED, id, tag, 9000, 0.85); // both: pushed now
        fire(Kind.ENDED, id, tag, 12000, 0.85);
        long weak = Episodes.nextId();
        fire(Kind.ENDED, weak, tag, 20000, 0.79);
        long marker = markerPush();

        await().atMost(WAIT).until(() -> receiver.calls("/strict").size() >= 2);
        List<JsonNode> bodies = bodies("/strict");
        assertThat(bodies).extracting(j -> j.get("episodeId").asLong()).containsExactlyInAnyOrder(id, marker);
        JsonNode pushed = bodies.stream()
                .filter(j -> j.get("episodeId").asLong() == id)
                .findFirst()
                .orElseThrow();
        assertThat(pushed.get("kind").asText()).isEqualTo("extended");
        assertThat(pushed.get("durationMs").asLong()).isEqualTo(9000);
    }

    @Test
    void quietHoursHoldBackPushes() throws Exception {
        long tag = tag("night");
        LocalTime now = LocalTime.now(ZoneOffset.UTC); // the test hub's zone is UTC
        rule(
                tag,
                Map.of(
                        "quietStart",
                                now.minusHours(2).withSecond(0).withNano(0).toString(),
                        "quietEnd", now.plusHours(2).withSecond(0).withNano(0).toString()));
        target("hook", "generic", receiver.url("/quiet"), null);
        fire(Kind.STARTED, Episodes.nextId(), tag, 3000, 0.9);
        long marker = markerPush();
        await().atMost(WAIT).until(() -> !receiver.calls("/quiet").isEmpty());
        assertThat(bodies("/quiet"))
                .extracting(j -> j.get("episodeId").asLong())
                .containsExactly(marker);
    }

    @Test
    void awayOnlyRulesPushOnlyWhileAwayAndSayAway() throws Exception {
        long tag = tag("alone");
        rule(tag, Map.of("onlyWhenAway", true, "cooldownSeconds", 0));
        target("hook", "generic", receiver.url("/away"), null);
        long t0 = System.currentTimeMillis();
        away.fire(new AwayChanged(false, t0, "button"));
        long home = Episodes.nextId();
        fire(Kind.STARTED, home, tag, 3000, 0.9);
        // the notifier reads away mode before it counts an episode: once counted, it was read
        await().atMost(WAIT)
                .until(() -> Db.queryLong(ds, "select count(*) from notify_episode where episode_id = ?", home) == 1);
        away.fire(new AwayChanged(true, t0 + 1, "button"));
        long gone = Episodes.nextId();
        fire(Kind.STARTED, gone, tag, 3000, 0.9);
        try {
            await().atMost(WAIT).until(() -> !receiver.calls("/away").isEmpty());
            List<JsonNode> bodies = bodies("/away");
            assertThat(bodies).extracting(j -> j.get("episodeId").asLong()).containsExactly(gone);
            assertThat(bodies.getFirst().get("away").asBoolean()).isTrue();
        } finally {
            away.fire(new AwayChanged(false, t0 + 2, "button"));
        }
    }

    @Test
    void failedCallsAreRetriedWithBackoffAndTheLogShowsAttemptsAndTheLastError() throws Exception {
        long tag = tag("retry");
        rule(tag, Map.of("cooldownSeconds", 0));
        receiver.answer("/flaky", 500, 503);
        receiver.alwaysAnswer("/down", 503);
        long flaky = target("flaky", "generic", receiver.url("/flaky"), null);
        long down = target("down", "generic", receiver.url("/down"), null);
        fire(Kind.STARTED, Episodes.nextId(), tag, 3000, 0.9);

        await().atMost(WAIT).until(() -> "sent".equals(deliveries(flaky).getString("[0].status")));
        assertThat(deliveries(flaky).getInt("[0].attempts")).isEqualTo(3);
        assertThat(receiver.calls("/flaky")).hasSize(3);

        await().atMost(WAIT).until(() -> "failed".equals(deliveries(down).getString("[0].status")));
        JsonPath log = deliveries(down);
        assertThat(log.getInt("[0].attempts")).isEqualTo(3); // max-attempts of the test profile
        assertThat(log.getString("[0].lastError")).isEqualTo("HTTP 503");
        assertThat(receiver.calls("/down")).hasSize(3);
    }

    @Test
    void unreachableEndpointsFailWithoutTheUrlInTheError() throws Exception {
        receiver.close();
        long dead = target("dead", "generic", receiver.url("/gone/secret-path"), null);
        asAdmin().post("/api/v1/notifications/targets/" + dead + "/test").then().statusCode(202);
        await().atMost(WAIT).until(() -> "failed".equals(deliveries(dead).getString("[0].status")));
        assertThat(deliveries(dead).getString("[0].lastError")).isNotBlank().doesNotContain("secret-path");
        receiver = new WebhookReceiver();
    }

    @Test
    void ntfyTargetsGetATextBodyWithTitleTagsPriorityAndTheToken() throws Exception {
        long tag = tag("ntfy");
        rule(tag, Map.of("cooldownSeconds", 0));
        target("phone", "ntfy", receiver.url("/buddybork-alerts"), "tk_secret");
        away.fire(new AwayChanged(false, System.currentTimeMillis(), "button"));
        fire(Kind.STARTED, Episodes.nextId(), tag, 4000, 0.876);
        await().atMost(WAIT).until(() -> !receiver.calls("/buddybork-alerts").isEmpty());
        var call = receiver.calls("/buddybork-alerts").getFirst();
        assertThat(call.header("Title")).isEqualTo("t" + tag + " on device " + device);
        assertThat(call.header("Tags")).isEqualTo("dog");
        assertThat(call.header("Priority")).isEqualTo("default");
        assertThat(call.header("Authorization")).isEqualTo("Bearer tk_secret");
        assertThat(call.header("Content-Type")).startsWith("text/plain");
        String startedAt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(Instant.ofEpochMilli(Episodes.START_MS).atZone(zone.zone()));
        assertThat(call.body())
                .contains("heard on device " + device + " at " + startedAt + " ")
                .contains("for 4 s")
                .contains("peak score 0.88")
                .as("an episode of long ago, pushed now, says how long ago")
                .endsWith(" days ago");
    }

    @Test
    void sendATestReachesTheTargetAndSecretsAreNeverShownInFull() throws Exception {
        String url = receiver.url("/hook/very-secret-topic?token=abc123&x=1");
        long id = target("masked", "generic", url, "tok-987654321");
        String listed = asAdmin()
                .get("/api/v1/notifications/targets")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String overview = asAdmin()
                .get("/api/v1/notifications")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String shown : List.of(listed, overview)) {
            assertThat(shown).contains("masked").doesNotContain("very-secret-topic", "abc123", "tok-987654321");
        }
        asAdmin()
                .get("/api/v1/notifications/targets")
                .then()
                .body(
                        "find { it.id == " + id + " }.url",
                        equalTo("http://127.0.0.1:" + port() + "/hoo****?token=****&x=****"))
                .body("find { it.id == " + id + " }.hasToken", equalTo(true));

        long delivery = asAdmin()
                .post("/api/v1/notifications/targets/" + id + "/test")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("deliveryId");
        await().atMost(WAIT)
                .until(() -> !receiver.calls("/hook/very-secret-topic").isEmpty());
        var call = receiver.calls("/hook/very-secret-topic").getFirst();
        assertThat(call.query()).isEqualTo("token=abc123&x=1");
        assertThat(JSON.readTree(call.body()).get("type").asText()).isEqualTo("test");
        await().atMost(WAIT).until(() -> "sent".equals(deliveries(id).getString("[0].status")));
        assertThat(deliveries(id).getLong("[0].id")).isEqualTo(delivery);
        assertThat(deliveries(id).getString("[0].kind")).isEqualTo("test");

        // changing the name keeps the stored URL and token
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "renamed"))
                .put("/api/v1/notifications/targets/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("renamed"))
                .body("hasToken", equalTo(true));
        assertThat(Db.queryString(ds, "select url from notify_target where id = ?", id))
                .isEqualTo(url);
    }

    @Test
    void badSettingsAreRefusedWithProblemCodes() {
        bad("/api/v1/notifications/targets", Map.of("name", "x", "url", "ftp://example.org/x"), "invalid-target-url");
        bad("/api/v1/notifications/targets", Map.of("name", " ", "url", "https://ntfy.sh/x"), "invalid-target-name");
        bad(
                "/api/v1/notifications/targets",
                Map.of("name", "x", "kind", "sms", "url", "https://ntfy.sh/x"),
                "invalid-target-kind");
        badPut("/api/v1/notifications/rules/default", Map.of("cooldownSeconds", -1), "invalid-cooldown");
        badPut("/api/v1/notifications/rules/default", Map.of("quietStart", "22:00"), "invalid-quiet-hours");
        badPut(
                "/api/v1/notifications/rules/default",
                Map.of("quietStart", "25:00", "quietEnd", "06:00"),
                "invalid-quiet-hours");
        badPut("/api/v1/notifications/rules/default", Map.of("minScore", 1.5), "invalid-min-score");
        asAdmin()
                .contentType("application/json")
                .body(Map.of())
                .put("/api/v1/notifications/rules/tags/999999999")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown-tag"));
        asAdmin()
                .post("/api/v1/notifications/targets/999999999/test")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown-target"));
    }

    @Test
    void onlyAdminsSeeOrChangeNotifications() {
        String name = "viewer" + System.nanoTime() % 1_000_000;
        asAdmin()
                .contentType("application/json")
                .body(Map.of("username", name, "password", "viewer-password-1", "role", "viewer"))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic(name, "viewer-password-1")
                .get("/api/v1/notifications/deliveries")
                .then()
                .statusCode(403);
        io.restassured.RestAssured.given().get("/api/v1/notifications").then().statusCode(401);
    }

    // ---- helpers

    private int port() {
        return Integer.parseInt(receiver.url("").replaceAll(".*:", ""));
    }

    private void fire(Kind kind, long id, long tag, long durationMs, double score) {
        fire(kind, id, tag, Episodes.START_MS, durationMs, score);
    }

    private void fire(Kind kind, long id, long tag, long startMs, long durationMs, double score) {
        // one after the other, as the tracker fires them: separate fireAsync calls may overtake each other
        episodes.fireAsync(Episodes.event(kind, id, device, tag, "t" + tag, startMs, durationMs, score))
                .toCompletableFuture()
                .join();
    }

    /** A push of a fresh tag (no cooldown) fired last: once it arrived, every earlier event was handled. */
    private long markerPush() {
        long tag = tag("marker");
        rule(tag, Map.of("cooldownSeconds", 0));
        long id = Episodes.nextId();
        fire(Kind.STARTED, id, tag, 3000, 0.99);
        return id;
    }

    private List<JsonNode> bodies(String path) {
        return receiver.calls(path).stream()
                .map(c -> {
                    try {
                        return JSON.readTree(c.body());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static long tag(String name) {
        return MqttNotificationTest.createTag(name + "-" + System.nanoTime());
    }

    private static void rule(long tag, Map<String, Object> body) {
        asAdmin()
                .contentType("application/json")
                .body(new HashMap<>(body))
                .put("/api/v1/notifications/rules/tags/" + tag)
                .then()
                .statusCode(200);
    }

    private static long target(String name, String kind, String url, String token) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "kind", kind, "url", url));
        if (token != null) {
            body.put("token", token);
        }
        return asAdmin()
                .contentType("application/json")
                .body(body)
                .post("/api/v1/notifications/targets")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static JsonPath deliveries(long target) {
        return asAdmin()
                .get("/api/v1/notifications/deliveries?target=" + target)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void bad(String path, Map<String, Object> body, String code) {
        asAdmin()
                .contentType("application/json")
                .body(body)
                .post(path)
                .then()
                .statusCode(400)
                .body("code", equalTo(code));
    }

    private static void badPut(String path, Map<String, Object> body, String code) {
        asAdmin()
                .contentType("application/json")
                .body(body)
                .put(path)
                .then()
                .statusCode(400)
                .body("code", equalTo(code));
    }
}
