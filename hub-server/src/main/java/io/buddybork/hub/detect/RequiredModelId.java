package io.buddybork.hub.detect;

import io.buddybork.hub.validation.Malformed;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code modelId} a detection read requires, read as {@code Long}: absent, empty or blank is null
 * (for the parameter's {@code @NotNull}: {@code missing-model-id}), else digits, else 400 {@code
 * invalid-model-id} as {@link NumberFilter}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Malformed(code = "invalid-{kebab}", detail = "{name} must be a positive number, got '{value}'", blankIsMissing = true)
public @interface RequiredModelId {}
