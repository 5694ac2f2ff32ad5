package io.buddybork.hub.problem;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.asDevice;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Extreme numbers never produce a 5xx nor leak SQL or exception text: every
 * numeric parameter (path, query, JSON body field) of every {@code /api/} operation in the OpenAPI
 * document, read at test time so that routes added later are covered too, gets negative, zero,
 * Long.MIN/MAX, overflowing and non-numeric values.
 */
@QuarkusTest
class BoundaryValueTest {

    private static final List<String> VALUES = List.of(
            "-1",
            "0",
            "-5000",
            "-9223372036854775808",
            "9223372036854775807",
            "9223372036854775808",
            "1e309",
            "abc",
            "");

    @Test
    void noNumericParameterOfAnyApiOperationProducesA5xxOrLeaksInternals() {
        HubApi.Device device = HubApi.createDevice("boundary-" + System.nanoTime());
        JsonPath doc = HubApi.openApi();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        List<String> failures = new ArrayList<>();
        int probes = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (var op : path.getValue().entrySet()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<Map<String, Object>> params = params(path.getValue(), op.getValue());
                Map<String, Object> bodyFields = jsonBodyFields(doc, op.getValue());
                for (Map<String, Object> numeric : params) {
                    if (!isNumeric(schemaOf(doc, numeric))) {
                        continue;
                    }
                    for (String value : VALUES) {
                        probes++;
                        Response r = send(
                                device,
                                method,
                                path.getKey(),
                                params,
                                numeric.get("name").toString(),
                                value,
                                bodyFields,
                                null,
                                null);
                        check(failures, method + " " + path.getKey() + " " + numeric.get("name") + "=" + value, r);
                    }
                }
                for (var field : bodyFields.entrySet()) {
                    if (!isNumeric(field.getValue())) {
                        continue;
                    }
                    for (String value : VALUES) {
                        probes++;
                        Response r = send(
                                device, method, path.getKey(), params, null, null, bodyFields, field.getKey(), value);
                        check(failures, method + " " + path.getKey() + " body." + field.getKey() + "=" + value, r);
                    }
                }
            }
        }
        assertThat(probes).as("numeric parameters probed").isGreaterThan(100);
        assertThat(failures).isEmpty();
    }

    @Test
    void idsInPathsArePlainDigitsAndNothingElseNamesARow() {
        HubApi.Device device = HubApi.createDevice("id-format-" + System.nanoTime());
        long start = HubApi.nextStart();
        long tag = asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "id-format-" + System.nanoTime()))
                .post("/api/v1/tags")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        long id = asAdmin()
                .contentType("application/json")
                .body(Map.of("deviceId", device.id(), "startMs", start, "endMs", start + 1000, "tagId", tag))
                .post("/api/v1/annotations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        java.time.LocalDate day = java.time.Instant.ofEpochMilli(start)
                .atZone(java.time.ZoneOffset.UTC)
                .toLocalDate();
        String around = day.minusDays(1) + "&to=" + day.plusDays(1);
        for (String spelling : List.of("+" + id, "%2B" + id, "-" + id, "%20" + id, id + "%20", id + ".0")) {
            Response r = asAdmin().urlEncodingEnabled(false).delete("/api/v1/annotations/" + spelling);
            assertThat(r.statusCode())
                    .as("DELETE /api/v1/annotations/" + spelling)
                    .isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        asAdmin()
                .get("/api/v1/annotations?from=" + around + "&deviceId=" + device.id())
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.contains((int) id));
        // leading zeros are still plain digits
        asAdmin()
                .urlEncodingEnabled(false)
                .delete("/api/v1/annotations/00" + id)
                .then()
                .statusCode(204);
        asAdmin()
                .get("/api/v1/annotations?from=" + around + "&deviceId=" + device.id())
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.empty());
    }

    @Test
    void aNulCharacterInThePathQueryLoginFormOrJsonBodyIsA400NeverADatabaseError() {
        List<Response> answers = new ArrayList<>();
        answers.add(asAdmin().urlEncodingEnabled(false).get("/api/v1/tags/1%00"));
        answers.add(asAdmin().urlEncodingEnabled(false).get("/api/v1/users/admin%00/role"));
        answers.add(asAdmin().urlEncodingEnabled(false).get("/api/v1/detections/latest?unknown=true%00"));
        answers.add(io.restassured.RestAssured.given().urlEncodingEnabled(false).get("/login?error=%00"));
        answers.add(asAdmin()
                .contentType("application/json")
                .body("{\"name\": \"bark\\u0000\"}")
                .post("/api/v1/tags"));
        answers.add(io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic("admin\u0000", "x")
                .get("/api/v1/tags"));
        for (Response r : answers) {
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
            assertThat(r.jsonPath().getString("code")).isEqualTo("invalid-characters");
            assertThat(r.asString()).doesNotContain("SQL", "ERROR:", "Exception", "0x00");
        }
        // the login form answers with its page, like its other refusals, and never reaches the database
        Response login = io.buddybork.hub.auth.WebSessions.postLogin(
                "admin\u0000", "x", io.buddybork.hub.auth.WebSessions.freshAddress());
        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(login.asString()).contains("character").doesNotContain("SQL", "ERROR:", "Exception");
        Response password = io.buddybork.hub.auth.WebSessions.postLogin(
                "admin", "pass\u0000word", io.buddybork.hub.auth.WebSessions.freshAddress());
        assertThat(password.statusCode()).isEqualTo(400);
    }

    /** Control characters (as Java strings): NUL, other C0 controls, DEL; tab and line breaks are free text's. */
    private static final List<String> CONTROLS = List.of("\u0000", "a\u0001b", "\u001b[2J", "x\u007f", "\u001f");

    @Test
    void aControlCharacterInAnyStringParameterOrBodyFieldIsA400InvalidCharacters() {
        HubApi.Device device = HubApi.createDevice("controls-" + System.nanoTime());
        JsonPath doc = HubApi.openApi();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        List<String> failures = new ArrayList<>();
        int probes = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!path.getKey().startsWith("/api/")
                        || !List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<Map<String, Object>> params = params(path.getValue(), op.getValue());
                Map<String, Object> bodyFields = jsonBodyFields(doc, op.getValue());
                for (Map<String, Object> p : params) {
                    if (isNumeric(schemaOf(doc, p))) {
                        continue; // numbers: the test above; a control character there is refused all the same
                    }
                    if (!List.of("path", "query").contains(String.valueOf(p.get("in")))) {
                        continue; // headers (Range, If-Range): HTTP itself forbids control characters there
                    }
                    for (String value : CONTROLS) {
                        probes++;
                        String encoded = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
                        Response r = send(
                                device,
                                method,
                                path.getKey(),
                                params,
                                p.get("name").toString(),
                                encoded,
                                bodyFields,
                                null,
                                null,
                                false);
                        checkRefused(
                                failures, method + " " + path.getKey() + " " + p.get("name") + "=" + encoded, r, true);
                    }
                }
                for (var field : bodyFields.entrySet()) {
                    if (isNumeric(field.getValue())) {
                        continue;
                    }
                    for (String value : CONTROLS) {
                        probes++;
                        String json = "\""
                                + value.chars()
                                        .mapToObj(c -> c < 0x20 || c == 0x7f
                                                ? String.format("\\u%04x", c)
                                                : Character.toString(c))
                                        .collect(java.util.stream.Collectors.joining())
                                + "\"";
                        Response r = send(
                                device,
                                method,
                                path.getKey(),
                                params,
                                null,
                                null,
                                bodyFields,
                                field.getKey(),
                                json,
                                true);
                        checkRefused(
                                failures,
                                method + " " + path.getKey() + " body." + field.getKey() + "=" + json,
                                r,
                                isPlainString(field.getValue()));
                    }
                }
            }
        }
        assertThat(probes).as("string parameters and fields probed").isGreaterThan(50);
        assertThat(failures).isEmpty();
    }

    /**
     * A control character is refused as such, whatever else is wrong with the request (it is
     * checked first); in a field that is not a plain string (a boolean, an enum, an object) it is
     * refused as a value that does not fit, with the route's own reason code.
     */
    private static void checkRefused(List<String> failures, String what, Response r, boolean plainString) {
        check(failures, what, r);
        if (r.statusCode() != 400) {
            failures.add(what + " -> " + r.statusCode() + " instead of 400");
        } else if (!String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            failures.add(what + " -> 400 without a problem: " + r.asString());
        } else if (plainString && !"invalid-characters".equals(r.jsonPath().getString("code"))) {
            failures.add(what + " -> 400 but not invalid-characters: " + r.asString());
        }
    }

    private static boolean isPlainString(Object schema) {
        return schema instanceof Map<?, ?> s && "string".equals(s.get("type")) && s.get("enum") == null;
    }

    private static void check(List<String> failures, String what, Response r) {
        String body = r.asString();
        if (r.statusCode() >= 500) {
            failures.add(what + " -> " + r.statusCode() + " " + body);
        } else if (body.contains("SQL") || body.contains("Exception") || body.contains("ERROR:")) {
            failures.add(what + " -> leaks internals: " + body);
        }
    }

    private static Response send(
            HubApi.Device device,
            String method,
            String template,
            List<Map<String, Object>> params,
            String paramName,
            String paramValue,
            Map<String, Object> bodyFields,
            String fieldName,
            String fieldValue) {
        return send(device, method, template, params, paramName, paramValue, bodyFields, fieldName, fieldValue, true);
    }

    /**
     * One request; with {@code encoded == false} the parameter under test is sent as given (already
     * percent-encoded), and a body field value that starts with a quote is taken as JSON.
     */
    private static Response send(
            HubApi.Device device,
            String method,
            String template,
            List<Map<String, Object>> params,
            String paramName,
            String paramValue,
            Map<String, Object> bodyFields,
            String fieldName,
            String fieldValue,
            boolean encode) {
        String path = template;
        RequestSpecification spec =
                template.startsWith("/api/v1/segments") || template.startsWith("/api/v1/capture-state")
                        ? asDevice(device.token())
                        : asAdmin();
        spec = spec.redirects().follow(false).urlEncodingEnabled(encode);
        StringBuilder query = new StringBuilder();
        for (Map<String, Object> p : params) {
            String name = p.get("name").toString();
            String value = name.equals(paramName) ? paramValue : plausible(name);
            if ("path".equals(p.get("in"))) {
                path = path.replace("{" + name + "}", value.isEmpty() ? "%20" : value);
            } else if ("query".equals(p.get("in")) && encode) {
                spec = spec.queryParam(name, value);
            } else if ("query".equals(p.get("in"))) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(name)
                        .append('=')
                        .append(value);
            }
        }
        path += query;
        if (List.of("POST", "PUT", "PATCH").contains(method)) {
            if (template.startsWith("/api/v1/segments")) {
                spec = spec.contentType("audio/wav").body(new byte[44]);
            } else {
                StringBuilder json = new StringBuilder("{");
                for (var f : bodyFields.entrySet()) {
                    String raw = f.getKey().equals(fieldName)
                            ? fieldValue
                            : isNumeric(f.getValue()) ? plausible(f.getKey()) : isBoolean(f.getValue()) ? "true" : null;
                    if (raw == null) {
                        raw = "\"x" + System.nanoTime() + "\"";
                    } else if (!raw.matches("-?[0-9]+(e[0-9]+)?") && !raw.startsWith("\"")) {
                        raw = "\"" + raw + "\"";
                    }
                    json.append(json.length() > 1 ? "," : "")
                            .append('"')
                            .append(f.getKey())
                            .append("\":")
                            .append(raw);
                }
                spec = spec.contentType("application/json")
                        .body(json.append('}').toString());
            }
        }
        return spec.request(method, path);
    }

    /** A valid-looking value for parameters not under test. */
    private static String plausible(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("day") || n.equals("from") || n.equals("to")) {
            return "2026-01-01";
        }
        if (n.endsWith("ms")) {
            return Long.toString(HubApi.nextStart());
        }
        if (n.equals("wait")) {
            return "0";
        }
        return "987654321";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> params(Map<String, Map<String, Object>> pathItem, Map<String, Object> op) {
        List<Map<String, Object>> all = new ArrayList<>();
        Object shared = ((Map<String, Object>) (Map<?, ?>) pathItem).get("parameters");
        if (shared instanceof List<?> l) {
            l.forEach(p -> all.add((Map<String, Object>) p));
        }
        if (op.get("parameters") instanceof List<?> l) {
            l.forEach(p -> all.add((Map<String, Object>) p));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonBodyFields(JsonPath doc, Map<String, Object> op) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!(op.get("requestBody") instanceof Map<?, ?> body)
                || !(body.get("content") instanceof Map<?, ?> content)
                || !(content.get("application/json") instanceof Map<?, ?> json)) {
            return fields;
        }
        Map<String, Object> schema = resolve(doc, (Map<String, Object>) json.get("schema"));
        if (schema != null && schema.get("properties") instanceof Map<?, ?> props) {
            props.forEach((k, v) -> fields.put(k.toString(), resolve(doc, (Map<String, Object>) v)));
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemaOf(JsonPath doc, Map<String, Object> param) {
        return resolve(doc, (Map<String, Object>) param.get("schema"));
    }

    private static Map<String, Object> resolve(JsonPath doc, Map<String, Object> schema) {
        if (schema != null && schema.get("$ref") instanceof String ref && ref.startsWith("#/components/schemas/")) {
            return doc.getMap("components.schemas." + ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private static boolean isNumeric(Object schema) {
        if (!(schema instanceof Map<?, ?> s)) {
            return false;
        }
        Object type = s.get("type");
        return "integer".equals(type) || "number".equals(type);
    }

    private static boolean isBoolean(Object schema) {
        return schema instanceof Map<?, ?> s && "boolean".equals(s.get("type"));
    }
}
