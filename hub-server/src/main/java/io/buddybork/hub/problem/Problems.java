package io.buddybork.hub.problem;

import io.buddybork.model.wire.ApiProblem;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Builds {@code application/problem+json} responses from {@link ApiProblem}s. */
public final class Problems {
    private static final Logger LOG = Logger.getLogger(Problems.class);
    /** RFC 9457 media type. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    /** A response carrying {@code problem} with its status. */
    public static Response response(ApiProblem problem) {
        return response(problem, Map.of());
    }

    /** A response carrying {@code problem} with its status and the given extra headers. */
    public static Response response(ApiProblem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder =
                Response.status(problem.status()).type(MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }

    /** The stable code used for a status Quarkus itself produced (404, 405, 415, ...). */
    public static String codeForStatus(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "body-too-large";
            case 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "server-error" : "client-error";
        };
    }

    /** The reason phrase of {@code status}, used as the problem title. */
    public static String titleForStatus(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }

    /**
     * A fault of the hub: logs {@code e} with a short id and returns the 500 problem that carries
     * only that id, never the exception's text (it may hold SQL, paths or values).
     */
    public static ApiProblem internalError(String what, Throwable e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "%s %s", what, id);
        return ApiProblem.of(
                500,
                "internal-error",
                "Internal Server Error",
                "the hub failed to handle this request (error " + id + " in the hub's log)");
    }

    /** A problem for {@code status} with the standard code and title. */
    public static ApiProblem forStatus(int status, String detail) {
        return ApiProblem.of(status, codeForStatus(status), titleForStatus(status), detail);
    }
}
