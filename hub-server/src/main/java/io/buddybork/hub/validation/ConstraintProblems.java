package io.buddybork.hub.validation;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.problem.Problems;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.engine.HibernateConstraintViolation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns Bean Validation failures of request bodies and parameters into the same 400
 * {@code application/problem+json} body that hand-written checks give ({@link ProblemException}).
 *
 * <p>The reason code is the constraint's {@link Reason} payload and the detail for people its
 * message, e.g. {@code @NotNull(message = "tagId is required", payload = Reason.MissingField.class)}.
 * A detail that starts with
 * "must" speaks of the field itself and gets the field's name in front ("startMs must be ..."), so
 * that one shared constraint such as {@link PlausibleMs} reads like the check it replaced. When
 * several constraints fail, the first missing value wins (as the hand-written checks asked for
 * presence before shape), then the field named first; the detail lists every failure.
 *
 * <p>A constraint whose reason depends on the value (a range's order or length) names it per
 * violation as a dynamic payload, a {@link Reason} type. A query or path parameter that does not
 * read as its type ({@link MalformedParameter}, from {@link ParameterConverters}) is answered with its
 * own problem the same way.
 *
 * <p>A violation of a return value is a fault of the hub, not of the client: 500.
 */
public class ConstraintProblems {

    @Inject
    Event<ParameterRefused> refusals;

    /** Code of a constraint without a {@link Reason} payload (a constraint added without one). */
    static final String FALLBACK_CODE = "invalid-request";

    @ServerExceptionMapper({ConstraintViolationException.class, ResteasyReactiveViolationException.class})
    public Response violated(ConstraintViolationException e) {
        List<ConstraintViolation<?>> violations = e.getConstraintViolations().stream()
                .sorted(Comparator.<ConstraintViolation<?>>comparingInt(ConstraintProblems::presenceFirst)
                        .thenComparing(v -> v.getPropertyPath().toString()))
                .toList();
        if (violations.isEmpty() || violations.stream().anyMatch(ConstraintProblems::isReturnValue)) {
            return Problems.response(Problems.internalError("Response failed its own constraints, error", e));
        }
        String code = codeOf(violations.get(0));
        String detail = String.join(
                "; ",
                violations.stream().map(ConstraintProblems::detailOf).distinct().toList());
        return Problems.response(ProblemException.badRequest(code, detail).problem());
    }

    @ServerExceptionMapper
    public Response malformed(MalformedParameter e, Request request, UriInfo uri) {
        refusals.fire(new ParameterRefused(request.getMethod(), uri.getPath(), e.problem()));
        return Problems.response(e.problem());
    }

    /**
     * The reason code of {@code v}: its dynamic {@link Reason}'s, else its {@link Reason} payload's,
     * else its constraint's own.
     */
    static String codeOf(ConstraintViolation<?> v) {
        if (v instanceof HibernateConstraintViolation<?> hv) {
            Class<?> dynamic = hv.getDynamicPayload(Class.class);
            Reason.Code code = dynamic == null ? null : dynamic.getAnnotation(Reason.Code.class);
            if (code != null) {
                return code.value();
            }
        }
        for (Class<? extends Payload> payload : v.getConstraintDescriptor().getPayload()) {
            Reason.Code code = payload.getAnnotation(Reason.Code.class);
            if (code != null) {
                return code.value();
            }
        }
        Reason.Code own =
                v.getConstraintDescriptor().getAnnotation().annotationType().getAnnotation(Reason.Code.class);
        return own == null ? FALLBACK_CODE : own.value();
    }

    /** {@code v}'s message, named after its field where it needs a subject. */
    static String detailOf(ConstraintViolation<?> v) {
        String text = v.getMessage();
        return text.startsWith("must ") ? fieldOf(v.getPropertyPath()) + " " + text : text;
    }

    private static String fieldOf(Path path) {
        String name = "value";
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER) {
                name = node.getName();
            }
        }
        return name;
    }

    private static int presenceFirst(ConstraintViolation<?> v) {
        Class<?> type = v.getConstraintDescriptor().getAnnotation().annotationType();
        return type == NotNull.class || type == NotBlank.class || type == NotEmpty.class ? 0 : 1;
    }

    private static boolean isReturnValue(ConstraintViolation<?> v) {
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }
}
