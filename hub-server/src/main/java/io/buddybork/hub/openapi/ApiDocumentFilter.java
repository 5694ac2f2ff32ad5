package io.buddybork.hub.openapi;

import io.buddybork.hub.problem.Problems;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document with what every {@code /api/} route shares, so that the
 * resources declare only their own answers: the problem schema ({@code ApiProblem}) on every 4xx
 * and 5xx response, the two security schemes (HTTP basic for people, bearer tokens for devices),
 * the refusals of authentication (401, 403, 429 {@code too-many-login-attempts}), of control
 * characters (400 {@code invalid-characters}), of body admission ({@code admission/BodyAdmissionFilter})
 * and of the hub itself (500, 503 {@code database-unavailable}). The pages, login and logout are HTML
 * and forms (docs/web.md) and are left out. Runs once when the document is built; stateless.
 */
public class ApiDocumentFilter implements OASFilter {
    /** Name of the problem schema in {@code components.schemas}. */
    public static final String PROBLEM_SCHEMA = "Problem";
    /** Security scheme of people: HTTP basic (or the web app's session cookie). */
    public static final String USER_SCHEME = "user";
    /** Security scheme of capture devices: their bearer token. */
    public static final String DEVICE_SCHEME = "device";

    private static final String DEVICE_ROLE = "device";

    /** Refusals of a JSON body that does not fit (ProblemMappers). */
    private static final Map<String, String> JSON_BODY_REFUSALS = Map.of(
            "400",
            "`malformed-json`: the body is not JSON or its fields have the wrong types (the detail names the place)",
            "415",
            "`unsupported-media-type`: the body is not sent as application/json");

    /** Refusals of any body before it is read (admission/BodyAdmissionFilter). */
    private static final Map<String, String> BODY_REFUSALS = Map.of(
            "408", "`body-timeout`: the body did not arrive within its deadline",
            "429", "`too-many-pending-bodies`: this client already has too many bodies in transfer (Retry-After)",
            "503", "`hub-busy`: the hub's budget for bodies in transfer is used up (Retry-After)");

    /** What any route answers a control character in its path, query or JSON strings with (problem/InvalidCharacters). */
    private static final String INVALID_CHARACTERS = "`invalid-characters`: a NUL or another control character"
            + " (U+0000-U+001F, U+007F; in JSON strings tab, line feed and carriage return are fine) in the path,"
            + " the query or a JSON string value, or NUL in HTTP basic credentials";

    /** What a user's HTTP basic credentials get while their attempts are throttled (auth/LoginRateLimiter). */
    private static final String LOGIN_THROTTLED =
            "`too-many-login-attempts`: too many failed logins from this client or address; retry after"
                    + " Retry-After seconds (growing delays, at most a minute)";

    /** What any route may answer when the hub itself fails (ProblemMappers, DatabaseFailures). */
    private static final Map<String, String> HUB_REFUSALS = Map.of(
            "500", "`internal-error`: a fault of the hub; the detail carries an id to find in its log",
            "503", "`database-unavailable`: the hub's database cannot be reached now; retry later (Retry-After)");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().keySet().stream()
                .filter(path -> !path.startsWith("/api/"))
                .toList()
                .forEach(api.getPaths()::removePathItem);
        declareShared(api);
        api.getPaths()
                .getPathItems()
                .values()
                .forEach(item -> item.getOperations().forEach((method, op) -> complete(item, method, op)));
    }

    private static void declareShared(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        api.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
        if (api.getComponents().getSecuritySchemes() != null) {
            // the scheme Quarkus derives from quarkus.http.auth.basic is replaced by the two below
            List.copyOf(api.getComponents().getSecuritySchemes().keySet())
                    .forEach(api.getComponents()::removeSecurityScheme);
        }
        api.getComponents()
                .addSecurityScheme(
                        USER_SCHEME,
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("basic")
                                .description("A hub user's name and password. The web app's session cookie works"
                                        + " too; then changes need the page's CSRF token (X-CSRF-TOKEN)."
                                        + " Roles: viewer (reads, labels, reviews) and admin (everything)."))
                .addSecurityScheme(
                        DEVICE_SCHEME,
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("bbd_...")
                                .description("A capture device's token, shown once when the device is created."
                                        + " It opens only the upload and the capture state."));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("A refusal (RFC 9457 subset, shared-model's ApiProblem), sent as " + Problems.MEDIA_TYPE
                        + ". `code` is stable and meant for programs; `detail` is for people.")
                .addProperty("type", text("`urn:buddybork:problem:` followed by the code"))
                .addProperty("title", text("the status's reason phrase"))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32")
                                .description("the HTTP status"))
                .addProperty("detail", text("what went wrong, for people"))
                .addProperty("code", text("the reason code, e.g. `invalid-range`; listed per response"))
                .required(List.of("type", "title", "status", "code"));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    private static void complete(PathItem item, PathItem.HttpMethod method, Operation op) {
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = op.getResponses();
        boolean device = rewriteSecurity(op);
        if (op.getSecurity() != null && !op.getSecurity().isEmpty()) {
            add(
                    responses,
                    "401",
                    device
                            ? "`unauthorized`: no, an unknown or a revoked device token (WWW-Authenticate: Bearer)"
                            : "`unauthorized`: no or wrong credentials, or a disabled user (WWW-Authenticate: Basic)");
            add(responses, "403", forbidden(method, device));
            if (!device) {
                add(responses, "429", LOGIN_THROTTLED);
            }
        }
        if (op.getRequestBody() != null) {
            boolean json = op.getRequestBody().getContent() != null
                    && op.getRequestBody().getContent().hasMediaType("application/json");
            if (json) {
                JSON_BODY_REFUSALS.forEach((status, description) -> add(responses, status, description));
            }
            BODY_REFUSALS.forEach((status, description) -> add(responses, status, description));
        }
        if (hasConvertedParameter(item.getParameters()) || hasConvertedParameter(op.getParameters())) {
            add(
                    responses,
                    "404",
                    "`not-found`: a number in the path or query that does not parse"
                            + " (JAX-RS answers a parameter it cannot convert with 404)");
        }
        add(responses, "400", INVALID_CHARACTERS);
        HUB_REFUSALS.forEach((status, description) -> add(responses, status, description));
        for (Map.Entry<String, APIResponse> r : responses.getAPIResponses().entrySet()) {
            if (isRefusal(r.getKey()) && r.getValue().getRef() == null) {
                r.getValue().setContent(problemContent());
            }
        }
    }

    /** Whether JAX-RS converts one of {@code parameters} (a number in the path or query) before the resource sees it. */
    private static boolean hasConvertedParameter(List<Parameter> parameters) {
        return parameters != null && parameters.stream().anyMatch(ApiDocumentFilter::isConverted);
    }

    private static boolean isConverted(Parameter p) {
        List<Schema.SchemaType> types =
                p.getSchema() == null ? null : p.getSchema().getType();
        return (p.getIn() == Parameter.In.PATH || p.getIn() == Parameter.In.QUERY)
                && types != null
                && (types.contains(Schema.SchemaType.INTEGER) || types.contains(Schema.SchemaType.NUMBER));
    }

    /**
     * Replaces the requirement Quarkus derives from {@code @RolesAllowed} (one scheme, the roles as
     * scopes) with the scheme that really applies; whether the operation is a device's.
     */
    private static boolean rewriteSecurity(Operation op) {
        if (op.getSecurity() == null || op.getSecurity().isEmpty()) {
            return false;
        }
        List<String> roles = op.getSecurity().stream()
                .filter(r -> r.getSchemes() != null)
                .flatMap(r -> r.getSchemes().values().stream())
                .filter(scopes -> scopes != null)
                .flatMap(List::stream)
                .distinct()
                .toList();
        boolean device = roles.contains(DEVICE_ROLE);
        SecurityRequirement requirement = device
                ? OASFactory.createSecurityRequirement().addScheme(DEVICE_SCHEME)
                : OASFactory.createSecurityRequirement().addScheme(USER_SCHEME, roles);
        op.setSecurity(List.of(requirement));
        return device;
    }

    private static String forbidden(PathItem.HttpMethod method, boolean device) {
        if (device) {
            return "`forbidden`: a user's credentials on a device endpoint";
        }
        String role = "`forbidden`: the user's role may not use this operation";
        return method == PathItem.HttpMethod.GET
                ? role
                : role + "; `csrf-token-missing` / `csrf-token-invalid`: a session cookie without the page's"
                        + " CSRF token";
    }

    /** Adds a response, or appends its description to one the operation declares already. */
    private static void add(APIResponses responses, String status, String description) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        } else if (existing.getDescription() == null || isGeneric(existing.getDescription())) {
            existing.setDescription(description);
        } else if (!existing.getDescription().contains(description)) {
            existing.setDescription(existing.getDescription() + "; " + description);
        }
    }

    /** The placeholder descriptions Quarkus' automatic security responses carry. */
    private static boolean isGeneric(String description) {
        return description.equals("Not Authorized") || description.equals("Not Allowed");
    }

    private static boolean isRefusal(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problems.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA)));
    }
}
