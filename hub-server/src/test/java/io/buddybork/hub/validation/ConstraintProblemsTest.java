package io.buddybork.hub.validation;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.buddybork.hub.problem.Problems;
import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Request checks written as Bean Validation constraints answer exactly like the hand-written
 * checks they replaced: 400, {@code application/problem+json}, the same reason code and a detail
 * for people; a missing value is reported before a malformed one.
 */
@QuarkusTest
class ConstraintProblemsTest {

    @Test
    void aMissingJsonBodyIsMissingBody() {
        refused(json().post("/api/v1/tags"), "missing-body").body("detail", equalTo("a JSON body is required"));
        refused(json().body("null").put("/api/v1/users/admin/role"), "missing-body");
    }

    @Test
    void absentRequiredFieldsKeepTheirReasonCodes() {
        refused(json().body("{}").post("/api/v1/tags/1/merge"), "missing-target")
                .body("detail", equalTo("say which tag to merge into: {\"into\": <tag id>}"));
        long device = HubApi.createDevice("constraints-" + System.nanoTime()).id();
        refused(json().body("{}").put("/api/v1/devices/" + device + "/capture"), "invalid-capture");
        refused(json().body("{}").put("/api/v1/users/admin/enabled"), "missing-field");
        refused(json().body("{}").post("/api/v1/detections/jobs"), "missing-field");
        refused(json().body("{\"tagId\": 3}").post("/api/v1/detections/1/review"), "missing-field");
        refused(json().body("{}").put("/api/v1/annotations/1"), "missing-field");
        refused(asAdmin().get("/api/v1/macro?centerMs=" + HubApi.nextStart()), "missing-device");
        refused(asAdmin().get("/api/v1/macro/audio?deviceId=" + device), "missing-time");
        refused(asAdmin().get("/api/v1/detections/precision"), "missing-model-id");
        refused(asAdmin().get("/api/v1/detections/precision?modelId="), "missing-model-id");
    }

    @Test
    void aTimeOutsideThePlausibleWindowIsNamedInTheDetail() {
        Map<String, Object> body =
                new HashMap<>(Map.of("deviceId", 1, "startMs", 5, "endMs", HubApi.nextStart(), "tagId", 1));
        refused(json().body(body).post("/api/v1/annotations"), PlausibleTime.CODE)
                .body("detail", equalTo("startMs " + PlausibleTime.RULE));
    }

    @Test
    void aMissingFieldIsReportedBeforeAMalformedOne() {
        Map<String, Object> body = new HashMap<>(Map.of("deviceId", 1, "endMs", 5, "tagId", 1));
        refused(json().body(body).post("/api/v1/annotations"), "missing-field")
                .body("detail", containsString("deviceId, startMs, endMs and tagId are required"))
                .body("detail", containsString("endMs must be UTC epoch milliseconds"));
    }

    @Test
    void aValueOutsideItsPatternEchoesWhatWasSent() {
        refused(json().body("{\"review\": \"maybe\"}").post("/api/v1/detections/1/review"), "invalid-review")
                .body("detail", equalTo("review must be \"confirmed\" or \"rejected\", got 'maybe'"));
        refused(asAdmin().get("/api/v1/models/jobs/1?wait=31&version=1"), "invalid-wait")
                .body("detail", equalTo("wait must be 0 to 30 seconds"));
    }

    private static RequestSpecification json() {
        return asAdmin().contentType("application/json");
    }

    private static ValidatableResponse refused(io.restassured.response.Response r, String code) {
        return r.then()
                .statusCode(400)
                .contentType(Problems.MEDIA_TYPE)
                .body("code", equalTo(code))
                .body("type", startsWith("urn:buddybork:problem:"))
                .body("status", equalTo(400));
    }
}
