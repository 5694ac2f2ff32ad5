package io.buddybork.hub.episode;

import io.buddybork.hub.detect.TimeRange;
import io.buddybork.hub.validation.Malformed;
import io.buddybork.hub.validation.Reason;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The period of {@code GET /api/v1/summary}, as {@code @Valid @BeanParam}: {@code since} ({@code
 * last-visit} or {@code last-absence}, else {@code invalid-since}) or, without it, a {@code from}/{@code
 * to} range checked as {@link TimeRange} checks it. Request-scoped values, not shared.
 */
@SummaryPeriod.Checked
public final class SummaryPeriod {
    private static final String TIME_RULE = "{name} must be epoch milliseconds (digits), got '{value}'";

    @QueryParam("from")
    @Malformed(code = "invalid-time", detail = TIME_RULE, pattern = "[0-9]{1,15}")
    Long from;

    @QueryParam("to")
    @Malformed(code = "invalid-time", detail = TIME_RULE, pattern = "[0-9]{1,15}")
    Long to;

    @QueryParam("since")
    @Pattern(
            regexp = "last-visit|last-absence|",
            message = "since must be last-visit or last-absence, got '${validatedValue}'",
            payload = Reason.InvalidSince.class)
    String since;

    /** Whether the period is the caller's last visit on. */
    boolean sinceLastVisit() {
        return "last-visit".equals(since);
    }

    /** Whether the period is the owner's last absence. */
    boolean sinceLastAbsence() {
        return "last-absence".equals(since);
    }

    /** Without {@code since}: both ends present and a range {@link TimeRange} accepts. */
    @Documented
    @Constraint(validatedBy = Checked.Check.class)
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Checked {
        String message() default "from and to are required without since";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** The check. Stateless, so thread-safe. */
        final class Check implements ConstraintValidator<Checked, SummaryPeriod> {
            @Override
            public boolean isValid(SummaryPeriod period, ConstraintValidatorContext context) {
                if (period == null || (period.since != null && !period.since.isEmpty())) {
                    return true;
                }
                String absent = period.from == null ? "from" : period.to == null ? "to" : null;
                return TimeRange.report(
                        absent == null
                                ? TimeRange.refusal(period.from, period.to)
                                : new TimeRange.Refusal(
                                        Reason.MissingRange.class, absent + " is required (epoch milliseconds)"),
                        context);
            }
        }
    }
}
