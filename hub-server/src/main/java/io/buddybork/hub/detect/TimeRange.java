package io.buddybork.hub.detect;

import io.buddybork.hub.validation.Malformed;
import io.buddybork.hub.validation.Reason;
import io.quarkus.arc.Arc;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * The {@code from}/{@code to} range (epoch milliseconds) of the detection and episode reads, as
 * {@code @Valid @BeanParam}: both required ({@code missing-range}), digits ({@code invalid-time}),
 * {@code to} after {@code from} ({@code invalid-range}) and at most {@code
 * buddybork.detection.max-range} apart ({@code range-too-long}), checked before the resource runs.
 * Request-scoped values, not shared.
 */
@TimeRange.Checked
public final class TimeRange {
    /** Detail of a time that is not digits. */
    static final String TIME_RULE = "{name} must be epoch milliseconds (digits), got '{value}'";

    @QueryParam("from")
    @DefaultValue("")
    @Malformed(
            code = "invalid-time",
            detail = TIME_RULE,
            pattern = "[0-9]{1,15}",
            missingCode = "missing-range",
            missingDetail = "{name} is required (epoch milliseconds)")
    Long from;

    @QueryParam("to")
    @DefaultValue("")
    @Malformed(
            code = "invalid-time",
            detail = TIME_RULE,
            pattern = "[0-9]{1,15}",
            missingCode = "missing-range",
            missingDetail = "{name} is required (epoch milliseconds)")
    Long to;

    /** The checked range. */
    public DetectionService.Range range() {
        return new DetectionService.Range(from, to);
    }

    /** Why a range is refused: its reason and the detail. */
    public record Refusal(Class<? extends Reason> reason, String detail) {}

    /**
     * Why {@code [fromMs, toMs)} is no range to read, or null if it is one; either end null passes
     * (its presence is checked where it is read).
     */
    public static Refusal refusal(Long fromMs, Long toMs) {
        if (fromMs == null || toMs == null) {
            return null;
        }
        if (toMs <= fromMs) {
            return new Refusal(Reason.InvalidRange.class, "'to' (" + toMs + ") must be after 'from' (" + fromMs + ")");
        }
        Duration max = Arc.container().instance(DetectionConfig.class).get().maxRange();
        if (toMs - fromMs > max.toMillis()) {
            return new Refusal(
                    Reason.RangeTooLong.class,
                    "a range may span at most " + max.toDays() + " days; page through longer periods");
        }
        return null;
    }

    /**
     * Reports {@code refusal} as the one violation of {@code context}, its reason as the violation's
     * dynamic payload (see {@code ConstraintProblems}); true when there is none.
     */
    public static boolean report(Refusal refusal, ConstraintValidatorContext context) {
        if (refusal == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.unwrap(HibernateConstraintValidatorContext.class)
                .withDynamicPayload(refusal.reason())
                .buildConstraintViolationWithTemplate(refusal.detail())
                .addConstraintViolation();
        return false;
    }

    /** The range's order and length (its ends are checked by {@link Malformed}). */
    @Documented
    @Constraint(validatedBy = Checked.Check.class)
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Checked {
        String message() default "to must be after from, within the longest range";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /**
         * The check. Stateless, so thread-safe; the longest range is looked up per check, as
         * Hibernate Validator builds its validators before the hub's configuration exists.
         */
        final class Check implements ConstraintValidator<Checked, TimeRange> {
            @Override
            public boolean isValid(TimeRange range, ConstraintValidatorContext context) {
                return range == null || report(refusal(range.from, range.to), context);
            }
        }
    }
}
