package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.problem.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The paging parameters of the paged lists (detections and episodes: {@code limit} and the
 * {@code after}/{@code before} cursors) answer bad values with the same 400 problems whichever list
 * they page: {@code invalid-limit} and {@code invalid-cursor}, with the same details; good values
 * page.
 */
@QuarkusTest
class PagingParametersTest {
    private static final String FROM = "1700000000000";
    private static final String TO = "1700086400000";
    private static final String LIMIT_RULE = "limit must be 1..10000";

    @Test
    void aLimitThatIsNoNumberFromOneToTheLargestPageIsInvalidLimitOnEveryPagedList() {
        for (String bad : new String[] {"0", "-1", "abc", "1.5", "10001", "9999999"}) {
            refused("/api/v1/detections", Map.of("from", FROM, "to", TO, "limit", bad), "invalid-limit", LIMIT_RULE);
            refused("/api/v1/detections/latest", Map.of("limit", bad), "invalid-limit", LIMIT_RULE);
            refused("/api/v1/detections/uncertain", Map.of("limit", bad), "invalid-limit", LIMIT_RULE);
            refused("/api/v1/episodes", Map.of("from", FROM, "to", TO, "limit", bad), "invalid-limit", LIMIT_RULE);
            refused("/api/v1/episodes/latest", Map.of("limit", bad), "invalid-limit", LIMIT_RULE);
        }
    }

    @Test
    void aCursorThatIsNotStartMsDotIdIsInvalidCursorNamingItsParameter() {
        String after = "after must be <startMs>.<id> as given by the previous page";
        String before = "before must be <startMs>.<id> as given by the previous page";
        for (String bad : new String[] {"yesterday", "1.2.3", "1", ".5", "-1.5", "1234567890123456.1"}) {
            refused("/api/v1/detections", Map.of("from", FROM, "to", TO, "after", bad), "invalid-cursor", after);
            refused("/api/v1/episodes", Map.of("from", FROM, "to", TO, "after", bad), "invalid-cursor", after);
            refused("/api/v1/detections/latest", Map.of("before", bad), "invalid-cursor", before);
        }
    }

    @Test
    void goodLimitsAndCursorsPage() {
        Map<String, String> range = Map.of("from", FROM, "to", TO, "limit", "10000", "after", "1700000000000.5");
        asAdmin().queryParams(range).get("/api/v1/detections").then().statusCode(200);
        asAdmin().queryParams(range).get("/api/v1/episodes").then().statusCode(200);
        asAdmin()
                .queryParams(Map.of("limit", "1", "before", "4102444800000.1"))
                .get("/api/v1/detections/latest")
                .then()
                .statusCode(200);
        asAdmin()
                .queryParams(Map.of("limit", ""))
                .get("/api/v1/episodes/latest")
                .then()
                .statusCode(200);
    }

    private static ValidatableResponse refused(String path, Map<String, String> query, String code, String detail) {
        return asAdmin()
                .queryParams(query)
                .get(path)
                .then()
                .statusCode(400)
                .contentType(Problems.MEDIA_TYPE)
                .body("code", equalTo(code))
                .body("detail", equalTo(detail));
    }
}
