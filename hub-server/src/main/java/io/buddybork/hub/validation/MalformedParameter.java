package io.buddybork.hub.validation;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.problem.Problems;
import io.buddybork.model.wire.ApiProblem;
import jakarta.ws.rs.WebApplicationException;

/**
 * A query or path parameter whose text does not read as its type ({@link Malformed}): the 400
 * problem to answer with. A {@link WebApplicationException} because JAX-RS passes those from a
 * {@code ParamConverter} unchanged, where it would turn any other into a bare 404 (path, query) or
 * 400; {@link ConstraintProblems} answers it with its problem.
 */
public class MalformedParameter extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    private final transient ApiProblem problem;

    MalformedParameter(String code, String detail) {
        this(ProblemException.badRequest(code, detail).problem());
    }

    private MalformedParameter(ApiProblem problem) {
        super(problem.detail(), Problems.response(problem));
        this.problem = problem;
    }

    /** The body to send. */
    public ApiProblem problem() {
        return problem;
    }
}
