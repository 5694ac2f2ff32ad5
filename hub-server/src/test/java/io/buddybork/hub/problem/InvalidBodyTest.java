package io.buddybork.hub.problem;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An invalid JSON body never reaches a 5xx or a framework error page: every operation of the
 * OpenAPI document that takes a JSON body (read at test time, so later routes are covered too) is
 * sent bodies that are not JSON, not an object, or absent where the body is required, and must
 * answer 400 {@code application/problem+json} with a reason code. Nothing sent here can change
 * state: each body is refused before a service runs.
 */
@QuarkusTest
class InvalidBodyTest {
    private static final List<String> MALFORMED = List.of("{", "{\"a\": }", "[]", "\"text\"", "42", "true");
    private static final List<String> ABSENT = List.of("", "null");

    @Test
    void everyJsonBodyOperationRefusesInvalidBodiesWithAProblem() {
        JsonPath doc = HubApi.openApi();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        List<String> failures = new ArrayList<>();
        int probes = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                if (!(op.getValue().get("requestBody") instanceof Map<?, ?> body)
                        || !(body.get("content") instanceof Map<?, ?> content)
                        || !content.containsKey("application/json")) {
                    continue;
                }
                List<String> bodies = new ArrayList<>(MALFORMED);
                if (Boolean.TRUE.equals(body.get("required"))) {
                    bodies.addAll(ABSENT);
                }
                String url = path.getKey().replaceAll("\\{username}", "admin").replaceAll("\\{[^}]+}", "987654321");
                String method = op.getKey().toUpperCase(Locale.ROOT);
                for (String sent : bodies) {
                    probes++;
                    Response r =
                            asAdmin().contentType("application/json").body(sent).request(method, url);
                    String code = r.statusCode() == 400 ? r.jsonPath().getString("code") : null;
                    if (r.statusCode() != 400
                            || !String.valueOf(r.contentType()).startsWith(Problems.MEDIA_TYPE)
                            || code == null
                            || code.isBlank()) {
                        failures.add(method + " " + url + " body <" + sent + "> -> " + r.statusCode() + " "
                                + r.contentType() + " " + r.asString());
                    }
                }
            }
        }
        assertThat(probes).as("bodies sent").isGreaterThan(100);
        assertThat(failures).isEmpty();
    }
}
