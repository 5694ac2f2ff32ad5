package io.buddybork.hub.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** RestAssured shortcuts for the hub API as the tests' admin and devices use it. */
public final class HubApi {
    /** The admin created from {@code %test.buddybork.admin-password}. */
    public static final String ADMIN = "admin";

    public static final String ADMIN_PASSWORD = "test-admin-password";

    /** Start times far from each other and from other runs: unique per JVM, aligned to 3 s. */
    private static final AtomicLong NEXT_START =
            new AtomicLong((System.currentTimeMillis() - 30L * 24 * 3600_000L) / 3000 * 3000);

    private HubApi() {}

    /** A request as the admin (HTTP basic). */
    public static RequestSpecification asAdmin() {
        return given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
    }

    /** A request as the given device token. */
    public static RequestSpecification asDevice(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** The OpenAPI document as the admin reads it ({@code /q/openapi}, JSON). */
    public static io.restassured.path.json.JsonPath openApi() {
        return asAdmin()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Creates a device and returns its token. */
    public static Device createDevice(String name) {
        Map<String, Object> body = asAdmin()
                .contentType("application/json")
                .body(Map.of("name", name))
                .post("/api/v1/devices")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        return new Device(((Number) body.get("id")).longValue(), (String) body.get("token"));
    }

    /** Uploads a WAV body. */
    public static Response upload(String token, Object startMs, byte[] body) {
        return asDevice(token).contentType("audio/wav").body(body).put("/api/v1/segments/" + startMs);
    }

    /** A fresh start time in the past (3 s grid), never returned twice in this JVM. */
    public static long nextStart() {
        return NEXT_START.addAndGet(3000);
    }

    /** A created device. */
    public record Device(long id, String token) {}
}
