package io.buddybork.hub.annotate;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The annotation API: create, list, count, retag, delete, and every refused input. */
@QuarkusTest
class AnnotationApiTest {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 14);
    private static final long MIDNIGHT =
            DAY.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();

    private long device;
    private long bark;
    private long doorbell;

    @BeforeEach
    void fixtures() {
        device = HubApi.createDevice("annot-" + System.nanoTime()).id();
        bark = tag("bark-" + System.nanoTime());
        doorbell = tag("bell-" + System.nanoTime());
    }

    @Test
    void createListCountRetagAndDelete() {
        long start = MIDNIGHT + 3_600_000;
        Map<String, Object> created = create(Map.of(
                        "deviceId",
                        device,
                        "startMs",
                        start,
                        "endMs",
                        start + 1200,
                        "tagId",
                        bark,
                        "windowStartMs",
                        start - 5000))
                .then()
                .statusCode(201)
                .body("tagName", org.hamcrest.Matchers.startsWith("bark-"))
                .body("createdBy", equalTo("admin"))
                .extract()
                .as(Map.class);
        long id = ((Number) created.get("id")).longValue();

        List<Map<String, Object>> listed = asAdmin()
                .get("/api/v1/annotations?from=" + DAY + "&to=" + DAY + "&deviceId=" + device)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(listed).hasSize(1);
        assertThat(((Number) listed.get(0).get("startMs")).longValue()).isEqualTo(start);
        assertThat(((Number) listed.get(0).get("endMs")).longValue()).isEqualTo(start + 1200);

        asAdmin()
                .get("/api/v1/annotations/daily-counts?from=" + DAY.minusDays(1) + "&to=" + DAY.plusDays(1)
                        + "&deviceId=" + device)
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].day", equalTo(DAY.toString()))
                .body("[0].count", equalTo(1));

        asAdmin()
                .contentType("application/json")
                .body(Map.of("tagId", doorbell))
                .put("/api/v1/annotations/" + id)
                .then()
                .statusCode(200)
                .body("tagId", equalTo((int) doorbell));
        asAdmin().delete("/api/v1/annotations/" + id).then().statusCode(204);
        asAdmin()
                .delete("/api/v1/annotations/" + id)
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown-annotation"));
        asAdmin()
                .get("/api/v1/annotations?from=" + DAY + "&to=" + DAY + "&deviceId=" + device)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void badInputIsRefusedWithAReasonAndNothingIsStored() {
        long start = MIDNIGHT + 7_200_000;
        Map<String, Object> ok = new HashMap<>(Map.of(
                "deviceId",
                device,
                "startMs",
                start,
                "endMs",
                start + 1000,
                "tagId",
                bark,
                "windowStartMs",
                start - 1000));
        expect(with(ok, "tagId", 987654321L), 404, "unknown-tag");
        expect(with(ok, "endMs", start - 1), 400, "end-before-start");
        expect(with(ok, "endMs", start), 400, "end-before-start");
        expect(with(ok, "windowStartMs", start + 500), 400, "outside-window");
        expect(with(ok, "endMs", start + 15_000), 400, "outside-window");
        expect(with(ok, "deviceId", 987654321L), 400, "unknown-device");
        Map<String, Object> lateNight = new HashMap<>(
                Map.of("deviceId", device, "startMs", MIDNIGHT - 500, "endMs", MIDNIGHT + 500, "tagId", bark));
        expect(lateNight, 400, "crosses-day-boundary");
        Map<String, Object> missing = new HashMap<>(ok);
        missing.remove("tagId");
        expect(missing, 400, "missing-field");
        asAdmin()
                .contentType("application/json")
                .body("{\"deviceId\": 1, \"startMs\": ")
                .post("/api/v1/annotations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed-json"))
                .body("detail", org.hamcrest.Matchers.startsWith("the request body is not valid JSON: "))
                .body("detail", org.hamcrest.Matchers.containsString("line 1"));
        asAdmin()
                .contentType("application/json")
                .body("{\"deviceId\": 1, \"startMs\": \"soon\"}")
                .post("/api/v1/annotations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed-json"))
                .body(
                        "detail",
                        org.hamcrest.Matchers.startsWith(
                                "the request body does not have the expected fields and types: "))
                .body("detail", org.hamcrest.Matchers.containsString("soon"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("tagId", 987654321L))
                .put("/api/v1/annotations/1")
                .then()
                .statusCode(404);
        asAdmin()
                .get("/api/v1/annotations?from=2026-13-01&to=2026-01-01")
                .then()
                .statusCode(400)
                .body("code", equalTo("bad-from"));
        asAdmin()
                .get("/api/v1/annotations?from=2026-02-01&to=2026-01-01")
                .then()
                .statusCode(400)
                .body("code", equalTo("bad-range"));
        asAdmin()
                .get("/api/v1/annotations?from=" + DAY.minusDays(1) + "&to=" + DAY.plusDays(1) + "&deviceId=" + device)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static void expect(Map<String, Object> body, int status, String code) {
        create(body)
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code));
    }

    private static io.restassured.response.Response create(Map<String, Object> body) {
        return asAdmin().contentType("application/json").body(body).post("/api/v1/annotations");
    }

    static long tag(String name) {
        return ((Number) asAdmin()
                        .contentType("application/json")
                        .body(Map.of("name", name))
                        .post("/api/v1/tags")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }
}
