package io.buddybork.hub.validation;

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
 * Bean Validation form of {@link PlausibleTime}: an epoch-millisecond time (a {@code Long} field
 * or parameter; null passes, pair it with {@code @NotNull} where required) must lie between
 * 2000-01-01 and 2100-01-01 UTC, else 400 {@code time-out-of-range} naming the field.
 */
@Documented
@Constraint(validatedBy = PlausibleMs.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Reason.Code(PlausibleTime.CODE)
public @interface PlausibleMs {
    /** The detail ({@link ConstraintProblems} puts the field's name in front). */
    String message() default PlausibleTime.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check itself: {@link PlausibleTime}'s window. Stateless, so thread-safe. */
    final class Check implements ConstraintValidator<PlausibleMs, Long> {
        @Override
        public boolean isValid(Long ms, ConstraintValidatorContext context) {
            return ms == null || (ms >= PlausibleTime.MIN_MS && ms <= PlausibleTime.MAX_MS);
        }
    }
}
