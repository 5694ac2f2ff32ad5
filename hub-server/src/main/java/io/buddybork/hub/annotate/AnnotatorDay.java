package io.buddybork.hub.annotate;

import io.buddybork.hub.validation.Malformed;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A required day parameter of the annotator's reads, read as {@code LocalDate} (ISO): absent or
 * blank is 400 {@code missing-<name>}, text that is no day {@code bad-<name>}. A query parameter
 * also needs {@code @DefaultValue("")}, so that its absence reaches the check.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Malformed(
        code = "bad-{name}",
        detail = "{name} must be a date like 2026-11-24, got '{value}'",
        missingCode = "missing-{name}",
        missingDetail = "{name} (YYYY-MM-DD) is required",
        blankIsMissing = true)
public @interface AnnotatorDay {}
