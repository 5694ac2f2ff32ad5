package io.buddybork.hub.work;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.detect.DetectionPipeline;
import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker node ({@code BUDDYBORK_ROLES=detect,train}) scores but serves neither uploads nor pages; health stays. */
@QuarkusTest
@OwnStart
@TestProfile(WorkerNodeRolesTest.Worker.class)
class WorkerNodeRolesTest {

    /** Roles detect and train only. */
    public static class Worker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("buddybork.roles", "detect,train");
        }
    }

    @Inject
    DetectionPipeline pipeline;

    @Test
    void uploadsAreRefusedWithAProblemNamingTheMissingRole() {
        given().header("Authorization", "Bearer any-device-token")
                .contentType("audio/wav")
                .body(new byte[44])
                .put("/api/v1/segments/1700000000000")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("role-disabled"))
                .body("detail", containsString("'ingest'"));
    }

    @Test
    void pagesAndTheUserApiAreRefused() {
        given().get("/").then().statusCode(503).body("code", equalTo("role-disabled"));
        given().get("/api/v1/models").then().statusCode(503).body("detail", containsString("'web'"));
    }

    @Test
    void healthStaysAndScoringRuns() {
        given().get("/q/health/live").then().statusCode(200);
        assertThat(pipeline.running()).isTrue();
    }
}
