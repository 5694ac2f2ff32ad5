package io.buddybork.hub.problem;

import io.buddybork.model.wire.ApiProblem;
import java.util.Map;

/**
 * A refusal with a known cause, carried from services to the HTTP layer where it becomes an
 * {@code application/problem+json} body ({@link ApiProblem}). Services throw it for rule
 * violations so that every caller (JSON API, pages) sees the same code and wording.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApiProblem problem;
    private final transient Map<String, String> headers;

    public ProblemException(ApiProblem problem) {
        this(problem, Map.of(), null);
    }

    public ProblemException(ApiProblem problem, Map<String, String> headers, Throwable cause) {
        super(problem.title() + ": " + problem.detail(), cause);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    /** 400 with {@code code}. */
    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(ApiProblem.of(400, code, "Bad request", detail));
    }

    /** 404 with {@code code}. */
    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(ApiProblem.of(404, code, "Not found", detail));
    }

    /** 409 with {@code code}. */
    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(ApiProblem.of(409, code, "Conflict", detail));
    }

    /** 503 with {@code Retry-After: retryAfterSeconds}. */
    public static ProblemException unavailable(String code, String detail, int retryAfterSeconds, Throwable cause) {
        return new ProblemException(
                ApiProblem.of(503, code, "Service unavailable", detail),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
                cause);
    }

    /** The body to send. */
    public ApiProblem problem() {
        return problem;
    }

    /** Extra response headers, e.g. Retry-After. */
    public Map<String, String> headers() {
        return headers;
    }
}
