package io.buddybork.hub.validation;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.asDevice;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.buddybork.hub.problem.Problems;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final String DIGITS_RULE = "start time must be UTC milliseconds as plain digits, got '";
    private static final String FIFTY = "x".repeat(50);
    private static final String TOO_EARLY = " ms is before 2000-01-01T00:00:00Z";

    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metricsUrl;

    /** One device for the start-time cases (created by the first that needs it). */
    private static Device device;

    private static Device device() {
        if (device == null) {
            device = createDevice("malformed-starts");
        }
        return device;
    }

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
        for (String bad : new String[] {"maybe", "TRUE", "%20", "1", "only%20"}) {
            String shown = bad.replace("%20", " ");
            cases.add(Arguments.of(
                    "/api/v1/detections/latest",
                    "unknown=" + bad,
                    "invalid-unknown",
                    "unknown must be true, false or only, got '" + shown + "'"));
        }
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
                Arguments.of("/api/v1/detections/latest", "unknown=true"),
                Arguments.of("/api/v1/detections/latest", "unknown=false"),
                Arguments.of("/api/v1/detections/latest", "unknown=only"),
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

    /** Start times of a segment upload (the path's {@code startMs}), and the problem each answers. */
    static Stream<Arguments> badUploadStarts() {
        return Stream.of(
                Arguments.of("abc", "invalid-start-time", DIGITS_RULE + "abc'"),
                Arguments.of("-1", "invalid-start-time", DIGITS_RULE + "-1'"),
                Arguments.of("1.5", "invalid-start-time", DIGITS_RULE + "1.5'"),
                Arguments.of("%20", "invalid-start-time", DIGITS_RULE + " '"),
                Arguments.of("1234567890123456", "invalid-start-time", DIGITS_RULE + "1234567890123456'"),
                Arguments.of(FIFTY, "invalid-start-time", DIGITS_RULE + "x".repeat(40) + "...'"),
                Arguments.of("0", "start-too-early", "start time 0" + TOO_EARLY),
                Arguments.of("000946684799999", "start-too-early", "start time 946684799999" + TOO_EARLY));
    }

    /** Query strings of a recording import (its {@code startMs}), and the problem each answers. */
    static Stream<Arguments> badRecordingStarts() {
        String missing = "say when the recording started: ?startMs=<UTC epoch milliseconds>";
        return Stream.of(
                Arguments.of("", "missing-start-time", missing),
                Arguments.of("startMs=", "missing-start-time", missing),
                Arguments.of("startMs=%20%20", "missing-start-time", missing),
                Arguments.of("startMs=abc", "invalid-start-time", DIGITS_RULE + "abc'"),
                Arguments.of("startMs=%2012x%20", "invalid-start-time", DIGITS_RULE + "12x'"),
                Arguments.of("startMs=-1", "invalid-start-time", DIGITS_RULE + "-1'"),
                Arguments.of("startMs=1234567890123456", "invalid-start-time", DIGITS_RULE + "1234567890123456'"),
                Arguments.of("startMs=" + FIFTY, "invalid-start-time", DIGITS_RULE + "x".repeat(40) + "...'"),
                Arguments.of("startMs=0", "start-too-early", "start time 0" + TOO_EARLY),
                Arguments.of("startMs=%20000946684799999", "start-too-early", "start time 946684799999" + TOO_EARLY));
    }

    @ParameterizedTest(name = "PUT /api/v1/segments/{0} is {1}")
    @MethodSource("badUploadStarts")
    void aBadUploadStartIsRefusedWithItsReasonAndCounted(String start, String code, String detail) {
        double before = rejected(code);
        asDevice(device().token())
                .urlEncodingEnabled(false)
                .contentType("audio/wav")
                .body(TestWavs.segment(7))
                .put("/api/v1/segments/" + start)
                .then()
                .statusCode(400)
                .contentType(Problems.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad start time"))
                .body("code", equalTo(code))
                .body("detail", equalTo(detail));
        assertThat(rejected(code)).isEqualTo(before + 1);
    }

    @ParameterizedTest(name = "POST /api/v1/devices/N/recordings?{0} is {1}")
    @MethodSource("badRecordingStarts")
    void aBadRecordingStartIsRefusedWithItsReason(String query, String code, String detail) {
        recording(query)
                .then()
                .statusCode(400)
                .contentType(Problems.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad request"))
                .body("code", equalTo(code))
                .body("detail", equalTo(detail));
    }

    @org.junit.jupiter.api.Test
    void aRecordingStartIsReadWithoutTheSpacesAround() {
        // the start is accepted; the body (not audio) is what is refused
        recording("startMs=%201700000000000%20")
                .then()
                .statusCode(400)
                .body("code", not(startsWith("missing-start")))
                .body("code", not(equalTo("invalid-start-time")));
    }

    private static io.restassured.response.Response recording(String query) {
        return asAdmin()
                .urlEncodingEnabled(false)
                .contentType("audio/wav")
                .body("not audio".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/devices/" + device().id() + "/recordings" + (query.isEmpty() ? "" : "?" + query));
    }

    /** The count of uploads rejected with {@code code} so far (0 before the first). */
    private double rejected(String code) {
        String metrics =
                given().get(metricsUrl).then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile(
                        "buddybork_segments_total\\{outcome=\"rejected\",reason=\"" + code + "\"\\} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
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
