package io.buddybork.hub.tag;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tags: create, rename, merge, delete only when unused or with an explicit cascade. */
@QuarkusTest
class TagApiTest {

    @Test
    void createRenameMergeAndDeleteWithExplicitCascade() {
        String n = Long.toString(System.nanoTime());
        long device = HubApi.createDevice("tags-" + n).id();
        long a = create("alpha-" + n);
        long b = create("beta-" + n);
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "ALPHA-" + n))
                .post("/api/v1/tags")
                .then()
                .statusCode(409)
                .body("code", equalTo("tag-exists"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "  "))
                .post("/api/v1/tags")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-tag-name"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "x".repeat(65)))
                .post("/api/v1/tags")
                .then()
                .statusCode(400);
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "gamma-" + n))
                .put("/api/v1/tags/" + a)
                .then()
                .statusCode(200)
                .body("name", equalTo("gamma-" + n));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "beta-" + n))
                .put("/api/v1/tags/" + a)
                .then()
                .statusCode(409);

        long start = 1_760_000_000_000L;
        annotate(device, a, start);
        annotate(device, a, start + 5000);
        annotate(device, b, start + 10000);

        asAdmin().delete("/api/v1/tags/" + b).then().statusCode(409).body("code", equalTo("tag-in-use"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("into", a))
                .post("/api/v1/tags/" + a + "/merge")
                .then()
                .statusCode(400)
                .body("code", equalTo("merge-into-itself"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("into", b))
                .post("/api/v1/tags/" + a + "/merge")
                .then()
                .statusCode(200)
                .body("annotations", equalTo(2));
        asAdmin().delete("/api/v1/tags/" + a).then().statusCode(404);
        asAdmin()
                .get("/api/v1/tags")
                .then()
                .statusCode(200)
                .body("find { it.id == " + b + " }.annotations", equalTo(3));
        asAdmin()
                .delete("/api/v1/tags/" + b + "?cascade=true")
                .then()
                .statusCode(200)
                .body("annotations", equalTo(3));
        asAdmin()
                .get("/api/v1/annotations?from=2025-10-09&to=2025-10-09&deviceId=" + device)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
        long unused = create("unused-" + n);
        asAdmin().delete("/api/v1/tags/" + unused).then().statusCode(200).body("annotations", equalTo(0));
    }

    private static long create(String name) {
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

    private static void annotate(long device, long tag, long start) {
        asAdmin()
                .contentType("application/json")
                .body(Map.of("deviceId", device, "startMs", start, "endMs", start + 1000, "tagId", tag))
                .post("/api/v1/annotations")
                .then()
                .statusCode(201);
    }
}
