package io.buddybork.hub.catalog;

import io.buddybork.hub.validation.Malformed;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A required day parameter of the catalog, read as {@code LocalDate}: {@code YYYY-MM-DD} and a
 * calendar day, else 400 {@code invalid-date}; absence is malformed too (so a query parameter also
 * needs {@code @DefaultValue("")}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Malformed(
        code = "invalid-date",
        detail = CatalogDay.RULE,
        pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        unparsable = "{name} is not a calendar date: {value}",
        missingCode = "invalid-date",
        missingDetail = CatalogDay.RULE)
public @interface CatalogDay {
    /** Detail of a day of another shape. */
    String RULE = "{name} must be a date as YYYY-MM-DD";
}
