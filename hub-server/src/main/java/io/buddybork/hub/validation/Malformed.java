package io.buddybork.hub.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a typed query or path parameter ({@code Long}, {@code Integer}, {@code LocalDate}, or a type
 * of the hub's own with a static {@code fromString(String)}) is read from its text, and the 400
 * problem text of another shape gets ({@link ParameterConverters}). Put it on the parameter or on an
 * annotation of the hub's own that the parameter carries, so that a rule used by many parameters is
 * written once.
 *
 * <p>In {@link #code} and the details, {@code {name}} stands for the parameter's name, {@code {kebab}}
 * for it in kebab case ({@code deviceId}: {@code device-id}), {@code {value}} (details only) for
 * the text as sent (at most {@link #shown} characters of it) and {@code {error}} ({@link #unparsable}
 * only) for the message of the type's refusal. An absent or empty value is null unless {@link #missingCode} is set; a required
 * parameter then also needs {@code @DefaultValue("")}, as JAX-RS converts no absent value. Presence is
 * checked here rather than with {@code @NotNull} so that the first bad parameter in the method's
 * order answers alone, as the hand-written checks did.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.ANNOTATION_TYPE})
public @interface Malformed {
    /** Reason code of text of another shape. */
    String code();

    /** Detail of text of another shape. */
    String detail();

    /** The whole text of a well-formed value (a regular expression); empty: any text the type parses. */
    String pattern() default "";

    /** Detail of text of the right shape that the type still refuses (no such calendar day); empty: {@link #detail}. */
    String unparsable() default "";

    /** Reason code of an absent or empty value; empty: such a value is null (an optional parameter). */
    String missingCode() default "";

    /** Detail of an absent or empty value. */
    String missingDetail() default "";

    /** Whether blank text (only spaces) counts as absent rather than malformed. */
    boolean blankIsMissing() default false;

    /** Reason code of text of the right shape that the type still refuses; empty: {@link #code}. */
    String unparsableCode() default "";

    /** Whether spaces around the text are dropped before it is read (and shown). */
    boolean strip() default false;

    /** How many characters of the text {@code {value}} shows; longer text is cut there and ends in "...". */
    int shown() default Integer.MAX_VALUE;

    /** The problem's title. */
    String title() default "Bad request";
}
