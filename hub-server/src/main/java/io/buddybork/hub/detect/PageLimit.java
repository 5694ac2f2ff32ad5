package io.buddybork.hub.detect;

import io.buddybork.hub.validation.Reason;
import io.quarkus.arc.Arc;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code limit} query parameter: absent or empty (the list's default), or a whole number from 1 to
 * the largest page ({@code buddybork.detection.max-page-size}), else 400 {@code invalid-limit}
 * "limit must be 1..N". Read it with {@link Paging#size}.
 */
@Documented
@Constraint(validatedBy = PageLimit.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Reason.Code("invalid-limit")
public @interface PageLimit {
    /** Replaced by the rule with the configured largest page. */
    String message() default "must be 1 to the largest page";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /**
     * The check, against the configured largest page. Stateless, so thread-safe. The setting is
     * looked up per check: Hibernate Validator builds its validators at startup, before the hub's
     * configuration mappings exist.
     */
    final class Check implements ConstraintValidator<PageLimit, String> {
        @Override
        public boolean isValid(String limit, ConstraintValidatorContext context) {
            if (limit == null || limit.isEmpty()) {
                return true;
            }
            DetectionConfig config =
                    Arc.container().instance(DetectionConfig.class).get();
            if (limit.matches("[0-9]{1,6}")) {
                int n = Integer.parseInt(limit);
                if (n >= 1 && n <= config.maxPageSize()) {
                    return true;
                }
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("limit must be 1.." + config.maxPageSize())
                    .addConstraintViolation();
            return false;
        }
    }
}
