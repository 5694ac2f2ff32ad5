package io.buddybork.hub.validation;

import io.buddybork.model.wire.ApiProblem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * A query or path parameter whose text does not read as its type ({@link Malformed}): the 400
 * problem to answer with. A {@link WebApplicationException} because JAX-RS passes those from a
 * {@code ParamConverter} unchanged, where it would turn any other into a bare 404 (path, query) or
 * 400; {@link ConstraintProblems} answers it with its problem. Its own response has no entity on
 * purpose: JAX-RS sends one with an entity as it is, past every exception mapper, and the mapper is
 * where the refusal is announced ({@link ParameterRefused}).
 */
public class MalformedParameter extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    private final transient ApiProblem problem;

    MalformedParameter(String code, String title, String detail) {
        this(ApiProblem.of(400, code, title, detail));
    }

    private MalformedParameter(ApiProblem problem) {
        super(problem.detail(), Response.status(problem.status()).build());
        this.problem = problem;
    }

    /** The body to send. */
    public ApiProblem problem() {
        return problem;
    }
}
