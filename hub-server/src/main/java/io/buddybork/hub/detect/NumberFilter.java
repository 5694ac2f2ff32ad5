package io.buddybork.hub.detect;

import io.buddybork.hub.validation.Malformed;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An optional whole-number query parameter of the detection and episode reads (an id filter,
 * {@code bucketMs}), read as {@code Long}: absent or empty is null, else up to 18 digits, else 400
 * {@code invalid-<name in kebab case>} "deviceId must be a positive number, got '...'".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Malformed(code = "invalid-{kebab}", detail = "{name} must be a positive number, got '{value}'")
public @interface NumberFilter {}
