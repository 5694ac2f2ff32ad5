package io.buddybork.hub.validation;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.problem.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every absent or malformed query and path parameter of the read APIs (times, days, ids, counts)
 * answers 400 {@code application/problem+json} with its own reason code and detail, the first bad
 * parameter (in the order the API lists them) winning; empty optional filters filter nothing.
 */
@QuarkusTest
class MalformedParametersTest {
    private static final long FROM = 1_700_000_000_000L;
    private static final long TO = 1_700_086_400_000L;
    private static final String RANGE = "from=" + FROM + "&to=" + TO;
    private static final String TIME_RULE = " must be epoch milliseconds (digits), got '";
    private static final String ID_RULE = " must be a positive number, got '";
    private static final String TOO_LONG = "a range may span at most 400 days; page through longer periods";
    private static final String NINETEEN_DIGITS = "1234567890123456789";

    /** GET requests with a bad time range, and the problem each answers. */
    static Stream<Arguments> badTimeRanges() {
        List<Arguments> cases = new ArrayList<>();
        for (String path : new String[] {
            "/api/v1/detections",
            "/api/v1/detections/histogram",
            "/api/v1/detections/tags?modelId=1",
            "/api/v1/episodes",
            "/api/v1/summary",
            "POST /api/v1/episodes/rebuild"
        }) {
            cases.add(Arguments.of(path, "", "missing-range", "from is required (epoch milliseconds)"));
            cases.add(Arguments.of(path, "from=&to=", "missing-range", "from is required (epoch milliseconds)"));
            cases.add(Arguments.of(path, "from=" + FROM, "missing-range", "to is required (epoch milliseconds)"));
            cases.add(Arguments.of(path, "to=" + TO, "missing-range", "from is required (epoch milliseconds)"));
            cases.add(Arguments.of(path, "from=abc&to=" + TO, "invalid-time", "from" + TIME_RULE + "abc'"));
            cases.add(Arguments.of(path, "from=-1&to=" + TO, "invalid-time", "from" + TIME_RULE + "-1'"));
            cases.add(Arguments.of(path, "from=%20&to=" + TO, "invalid-time", "from" + TIME_RULE + " '"));
            cases.add(Arguments.of(
                    path, "from=1234567890123456&to=" + TO, "invalid-time", "from" + TIME_RULE + "1234567890123456'"));
            cases.add(Arguments.of(path, "from=" + FROM + "&to=1.5", "invalid-time", "to" + TIME_RULE + "1.5'"));
            cases.add(Arguments.of(path, "from=abc", "invalid-time", "from" + TIME_RULE + "abc'"));
            cases.add(Arguments.of(path, "from=x&to=y", "invalid-time", "from" + TIME_RULE + "x'"));
            cases.add(Arguments.of(
                    path,
                    "from=" + TO + "&to=" + FROM,
                    "invalid-range",
                    "'to' (" + FROM + ") must be after 'from' (" + TO + ")"));
            cases.add(Arguments.of(
                    path,
                    "from=" + FROM + "&to=" + FROM,
                    "invalid-range",
                    "'to' (" + FROM + ") must be after 'from' (" + FROM + ")"));
            cases.add(Arguments.of(
                    path, "from=" + FROM + "&to=" + (FROM + 401L * 86_400_000), "range-too-long", TOO_LONG));
        }
        return cases.stream();
    }

    /** GET requests with a bad id, count, day or choice, and the problem each answers. */
    static Stream<Arguments> badValues() {
        List<Arguments> cases = new ArrayList<>();
        for (String bad : new String[] {"abc", "-1", "1.5", "%20", NINETEEN_DIGITS, "0x1"}) {
            String shown = bad.equals("%20") ? " " : bad;
            cases.add(Arguments.of(
                    "/api/v1/detections",
                    RANGE + "&deviceId=" + bad,
                    "invalid-device-id",
                    "deviceId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections",
                    RANGE + "&modelId=" + bad,
                    "invalid-model-id",
                    "modelId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/latest",
                    "modelId=" + bad,
                    "invalid-model-id",
                    "modelId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/latest",
                    "deviceId=" + bad,
                    "invalid-device-id",
                    "deviceId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/latest", "tagId=" + bad, "invalid-tag-id", "tagId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/uncertain",
                    "modelId=" + bad,
                    "invalid-model-id",
                    "modelId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/histogram",
                    RANGE + "&bucketMs=" + bad,
                    "invalid-bucket-ms",
                    "bucketMs" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/histogram",
                    RANGE + "&deviceId=" + bad,
                    "invalid-device-id",
                    "deviceId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/histogram",
                    RANGE + "&modelId=" + bad,
                    "invalid-model-id",
                    "modelId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/tags",
                    RANGE + "&modelId=1&deviceId=" + bad,
                    "invalid-device-id",
                    "deviceId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/episodes",
                    RANGE + "&deviceId=" + bad,
                    "invalid-device-id",
                    "deviceId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/episodes", RANGE + "&tagId=" + bad, "invalid-tag-id", "tagId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/episodes/latest",
                    "deviceId=" + bad,
                    "invalid-device-id",
                    "deviceId" + ID_RULE + shown + "'"));
            cases.add(Arguments.of(
                    "/api/v1/stats/daily-counts",
                    "from=2024-03-01&to=2024-03-31&deviceId=" + bad,
                    "invalid-device-id",
                    "deviceId must be a device number"));
            cases.add(Arguments.of(
                    "/api/v1/days/2024-03-01/segments",
                    "deviceId=" + bad,
                    "invalid-device-id",
                    "deviceId must be a device number"));
        }
        for (String bad : new String[] {"abc", "-1", "1.5"}) {
            cases.add(Arguments.of(
                    "/api/v1/detections/tags",
                    RANGE + "&modelId=" + bad,
                    "invalid-model-id",
                    "modelId" + ID_RULE + bad + "'"));
            cases.add(Arguments.of(
                    "/api/v1/detections/precision",
                    "modelId=" + bad,
                    "invalid-model-id",
                    "modelId" + ID_RULE + bad + "'"));
        }
        for (String absent : new String[] {"", "modelId=", "modelId=%20"}) {
            cases.add(Arguments.of(
                    "/api/v1/detections/tags", RANGE + "&" + absent, "missing-model-id", "modelId is required"));
            cases.add(Arguments.of("/api/v1/detections/precision", absent, "missing-model-id", "modelId is required"));
        }
        for (String bad : new String[] {"abc", "0", "91", "-1", "%2B5", "1.5", "%20", "99999999999", "00"}) {
            String shown = bad.replace("%20", " ").replace("%2B", "+");
            cases.add(Arguments.of(
                    "/api/v1/detections/uncertain",
                    "days=" + bad,
                    "invalid-days",
                    "days must be a whole number from 1 to 90, got '" + shown + "'"));
        }
        cases.add(Arguments.of(
                "/api/v1/detections/histogram",
                RANGE + "&bucketMs=999",
                "invalid-bucket",
                "bucketMs must be at least 1000 and make at most 5000 buckets over the range"));
        cases.add(Arguments.of(
                "/api/v1/detections/latest",
                "unknown=maybe",
                "invalid-unknown",
                "unknown must be true, false or only, got 'maybe'"));
        cases.add(Arguments.of(
                "/api/v1/summary",
                "since=yesterday",
                "invalid-since",
                "since must be last-visit or last-absence, got 'yesterday'"));
        // the catalog's days: YYYY-MM-DD and a calendar day; absent is malformed too
        cases.add(Arguments.of("/api/v1/stats/daily-counts", "", "invalid-date", "from must be a date as YYYY-MM-DD"));
        cases.add(Arguments.of(
                "/api/v1/stats/daily-counts", "from=&to=", "invalid-date", "from must be a date as YYYY-MM-DD"));
        cases.add(Arguments.of(
                "/api/v1/stats/daily-counts", "from=2024-03-01", "invalid-date", "to must be a date as YYYY-MM-DD"));
        cases.add(Arguments.of(
                "/api/v1/stats/daily-counts", "to=2024-03-01", "invalid-date", "from must be a date as YYYY-MM-DD"));
        cases.add(Arguments.of(
                "/api/v1/stats/daily-counts",
                "from=2024-3-1&to=2024-03-01",
                "invalid-date",
                "from must be a date as YYYY-MM-DD"));
        cases.add(Arguments.of(
                "/api/v1/stats/daily-counts",
                "from=%2B12024-03-01&to=2024-03-01",
                "invalid-date",
                "from must be a date as YYYY-MM-DD"));
        cases.add(Arguments.of(
                "/api/v1/stats/daily-counts",
                "from=2024-03-01&to=2024-02-30",
                "invalid-date",
                "to is not a calendar date: 2024-02-30"));
        cases.add(Arguments.of(
                "/api/v1/stats/daily-counts",
                "from=2024-03-02&to=2024-03-01",
                "invalid-range",
                "'to' is before 'from'"));
        cases.add(Arguments.of(
                "/api/v1/stats/daily-counts",
                "from=2010-01-01&to=2024-03-01",
                "range-too-long",
                "a range may span at most 3660 days"));
        cases.add(Arguments.of(
                "/api/v1/days/2024-02-30/segments", "", "invalid-date", "day is not a calendar date: 2024-02-30"));
        cases.add(Arguments.of(
                "/api/v1/days/yesterday/segments", "", "invalid-date", "day must be a date as YYYY-MM-DD"));
        cases.add(
                Arguments.of("/api/v1/days/2024-3-1/segments", "", "invalid-date", "day must be a date as YYYY-MM-DD"));
        // the annotator's days: required, then ISO dates
        for (String path : new String[] {"/api/v1/annotations", "/api/v1/annotations/daily-counts"}) {
            cases.add(Arguments.of(path, "", "missing-from", "from (YYYY-MM-DD) is required"));
            cases.add(Arguments.of(path, "from=%20&to=2024-03-01", "missing-from", "from (YYYY-MM-DD) is required"));
            cases.add(Arguments.of(path, "from=2024-03-01", "missing-to", "to (YYYY-MM-DD) is required"));
            cases.add(Arguments.of(path, "from=2024-03-01&to=", "missing-to", "to (YYYY-MM-DD) is required"));
            cases.add(Arguments.of(
                    path,
                    "from=2024-13-01&to=2024-03-01",
                    "bad-from",
                    "from must be a date like 2026-11-24, got '2024-13-01'"));
            cases.add(Arguments.of(
                    path,
                    "from=2024-03-01&to=tomorrow",
                    "bad-to",
                    "to must be a date like 2026-11-24, got 'tomorrow'"));
            cases.add(Arguments.of(path, "to=tomorrow", "missing-from", "from (YYYY-MM-DD) is required"));
            cases.add(Arguments.of(path, "from=x&to=y", "bad-from", "from must be a date like 2026-11-24, got 'x'"));
            cases.add(Arguments.of(
                    path, "from=2024-03-02&to=2024-03-01", "bad-range", "to (2024-03-01) is before from (2024-03-02)"));
        }
        cases.add(Arguments.of(
                "/api/v1/annotator/days/2024-13-01",
                "",
                "bad-day",
                "day must be a date like 2026-11-24, got '2024-13-01'"));
        cases.add(Arguments.of("/api/v1/annotator/days/%20", "", "missing-day", "day (YYYY-MM-DD) is required"));
        return cases.stream();
    }

    /** Requests whose empty or absent optional parameters filter nothing. */
    static Stream<Arguments> emptyOptionals() {
        return Stream.of(
                Arguments.of("/api/v1/detections", RANGE + "&deviceId=&modelId="),
                Arguments.of("/api/v1/detections/latest", "deviceId=&modelId=&tagId=&unknown="),
                Arguments.of("/api/v1/detections/uncertain", "modelId=&days="),
                Arguments.of("/api/v1/detections/uncertain", "days=90"),
                Arguments.of("/api/v1/detections/histogram", RANGE + "&bucketMs=&deviceId=&modelId="),
                Arguments.of("/api/v1/detections/tags", RANGE + "&modelId=1&deviceId="),
                Arguments.of("/api/v1/episodes", RANGE + "&deviceId=&tagId="),
                Arguments.of("/api/v1/episodes/latest", "deviceId="),
                Arguments.of("/api/v1/summary", RANGE + "&since="),
                Arguments.of("/api/v1/summary", "since=last-visit"),
                Arguments.of("/api/v1/stats/daily-counts", "from=2024-03-01&to=2024-03-01&deviceId="),
                Arguments.of("/api/v1/days/2024-03-01/segments", "deviceId="),
                Arguments.of("/api/v1/annotations", "from=2024-03-01&to=2024-03-01"),
                Arguments.of("/api/v1/annotator/days/2024-03-01", ""));
    }

    @ParameterizedTest(name = "{0}?{1} is {2}")
    @MethodSource("badTimeRanges")
    void aBadTimeRangeIsRefusedWithItsReason(String path, String query, String code, String detail) {
        refused(path, query, code, detail);
    }

    @ParameterizedTest(name = "{0}?{1} is {2}")
    @MethodSource("badValues")
    void aBadParameterIsRefusedWithItsReason(String path, String query, String code, String detail) {
        refused(path, query, code, detail);
    }

    @ParameterizedTest(name = "{0}?{1}")
    @MethodSource("emptyOptionals")
    void emptyOptionalParametersAreAccepted(String path, String query) {
        send(path, query).then().statusCode(200);
    }

    private static void refused(String path, String query, String code, String detail) {
        send(path, query)
                .then()
                .statusCode(400)
                .contentType(Problems.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("code", equalTo(code))
                .body("detail", equalTo(detail));
    }

    private static io.restassured.response.Response send(String path, String query) {
        boolean post = path.startsWith("POST ");
        String target = post ? path.substring(5) : path;
        String url = target + (query.isEmpty() ? "" : (target.contains("?") ? "&" : "?") + query);
        RequestSpecification request = asAdmin().urlEncodingEnabled(false);
        return post ? request.post(url) : request.get(url);
    }
}
