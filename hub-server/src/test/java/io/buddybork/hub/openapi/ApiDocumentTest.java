package io.buddybork.hub.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.problem.Problems;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.model.wire.ApiProblem;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /q/openapi} is the API's reference, so every route in it
 * must say what it does and how it refuses: read at test time, so that routes added later are
 * held to the same rules. Each check fails with the list of offending operations.
 */
@QuarkusTest
class ApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String PROBLEM_REF = "#/components/schemas/" + ApiDocumentFilter.PROBLEM_SCHEMA;

    /** The document as this run's hub serves it: the same for every test, so fetched and parsed once. */
    private static JsonPath doc;

    @BeforeEach
    void fetch() { // RestAssured knows the hub's port only around each test
        if (doc == null) {
            doc = HubApi.openApi();
        }
    }

    @Test
    void everyOperationHasASummaryATagAndASecurityRequirement() {
        List<String> offenders = new ArrayList<>();
        for (Operation op : operations()) {
            if (!(op.body().get("summary") instanceof String s) || s.isBlank()) {
                offenders.add(op + ": no summary");
            }
            if (!(op.body().get("tags") instanceof List<?> tags) || tags.isEmpty()) {
                offenders.add(op + ": no tag");
            }
            if (!(op.body().get("security") instanceof List<?> security) || security.isEmpty()) {
                offenders.add(op + ": no security requirement");
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyOperationDeclaresItsSuccessAndAtLeastOneClientError() {
        List<String> offenders = new ArrayList<>();
        for (Operation op : operations()) {
            Set<String> codes = op.responses().keySet();
            if (codes.stream().noneMatch(c -> c.startsWith("2"))) {
                offenders.add(op + ": no 2xx response");
            }
            if (codes.stream().noneMatch(c -> c.startsWith("4"))) {
                offenders.add(op + ": no 4xx response");
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyErrorResponseIsAProblemWithADescription() {
        List<String> offenders = new ArrayList<>();
        for (Operation op : operations()) {
            for (var response : op.responses().entrySet()) {
                if (!response.getKey().startsWith("4") && !response.getKey().startsWith("5")) {
                    continue;
                }
                Map<?, ?> r = (Map<?, ?>) response.getValue();
                Object ref = r.get("content") instanceof Map<?, ?> content
                                && content.get(Problems.MEDIA_TYPE) instanceof Map<?, ?> media
                                && media.get("schema") instanceof Map<?, ?> schema
                        ? schema.get("$ref")
                        : null;
                if (!PROBLEM_REF.equals(ref)) {
                    offenders.add(op + " " + response.getKey() + ": not " + Problems.MEDIA_TYPE + " of " + PROBLEM_REF);
                }
                if (!(r.get("description") instanceof String d) || !d.contains("`")) {
                    offenders.add(op + " " + response.getKey() + ": names no reason code");
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyOperationListsTheInvalidCharactersRefusalAndUserOperationsTheLoginThrottle() {
        List<String> offenders = new ArrayList<>();
        for (Operation op : operations()) {
            if (!(op.responses().get("400") instanceof Map<?, ?> bad)
                    || !String.valueOf(bad.get("description")).contains("`invalid-characters`")) {
                offenders.add(op + ": 400 invalid-characters missing");
            }
            boolean user = String.valueOf(op.body().get("security")).contains("user");
            if (user
                    && (!(op.responses().get("429") instanceof Map<?, ?> throttled)
                            || !String.valueOf(throttled.get("description")).contains("`too-many-login-attempts`"))) {
                offenders.add(op + ": 429 too-many-login-attempts missing");
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void parametersReadIntoTypesOfTheHubsOwnAreDescribedAsTheTextTheyAre() {
        assertThat(parameterSchema("/api/v1/detections/latest", "get", "unknown"))
                .containsEntry("type", "string");
        assertThat(parameterSchema("/api/v1/segments/{startMs}", "put", "startMs"))
                .containsEntry("type", "string");
        assertThat(parameterSchema("/api/v1/devices/{id}/recordings", "post", "startMs"))
                .containsEntry("type", "string");
    }

    private Map<String, Object> parameterSchema(String path, String method, String name) {
        List<Map<String, Object>> parameters = doc.getList("paths.'" + path + "'." + method + ".parameters");
        return parameters.stream()
                .filter(p -> name.equals(p.get("name")))
                .findFirst()
                .map(p -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> schema = (Map<String, Object>) p.get("schema");
                    return schema;
                })
                .orElseThrow(() -> new AssertionError(path + " has no parameter " + name));
    }

    @Test
    void theProblemSchemaHasTheFieldsOfTheSharedApiProblem() {
        Map<String, Object> properties =
                doc.getMap("components.schemas." + ApiDocumentFilter.PROBLEM_SCHEMA + ".properties");
        assertThat(properties.keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ApiProblem.class.getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList());
    }

    @Test
    void onlyTheJsonApiIsDescribedWithTheTwoSecuritySchemes() {
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths.keySet()).isNotEmpty().allMatch(path -> path.startsWith("/api/"));
        assertThat(doc.getString("components.securitySchemes.user.scheme")).isEqualTo("basic");
        assertThat(doc.getString("components.securitySchemes.device.scheme")).isEqualTo("bearer");
        assertThat(doc.getList("paths.'/api/v1/segments/{startMs}'.put.security"))
                .containsExactly(Map.of("device", List.of()));
        assertThat(doc.getList("paths.'/api/v1/devices'.post.security"))
                .containsExactly(Map.of("user", List.of("admin")));
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc.getMap("$"), refs);
        assertThat(refs).as("references in the document").isNotEmpty();
        // read once: a JsonPath lookup evaluates its path over the whole document, and one per
        // reference made this test take 16 s at load 14
        Map<String, Object> schemas = doc.getMap("components.schemas");
        assertThat(refs.stream()
                        .distinct()
                        .filter(ref -> !ref.startsWith("#/components/schemas/")
                                || schemas.get(ref.substring("#/components/schemas/".length())) == null))
                .as("references to nothing")
                .isEmpty();
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    refs.add(String.valueOf(value));
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectRefs(item, refs));
        }
    }

    private List<Operation> operations() {
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<Operation> out = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, body) -> {
            if (METHODS.contains(method)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> op = (Map<String, Object>) body;
                out.add(new Operation(method, path, op));
            }
        }));
        assertThat(out).as("operations in the document").hasSizeGreaterThan(50);
        return out;
    }

    /** One operation of the document. */
    private record Operation(String method, String path, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> responses() {
            return body.get("responses") instanceof Map<?, ?> r ? (Map<String, Object>) r : Map.of();
        }

        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }
    }
}
