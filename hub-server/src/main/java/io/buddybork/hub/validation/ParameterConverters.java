package io.buddybork.hub.validation;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the {@link Malformed}-annotated query and path parameters as {@code Long}, {@code Integer}
 * (digits), {@code LocalDate} (the hub's days, ISO {@code YYYY-MM-DD}) or a type with a public static
 * {@code fromString(String)} (JAX-RS's own convention; an {@link IllegalArgumentException} refuses the
 * text), answering text of another shape, or a required parameter's absence, with the parameter's
 * 400 problem ({@link MalformedParameter}). Parameters without the annotation keep JAX-RS's own
 * conversion. The converters are built once per parameter and keep no state, so they are thread-safe.
 */
@Provider
public class ParameterConverters implements ParamConverterProvider {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        Malformed rule = ruleOf(annotations);
        if (rule == null) {
            return null;
        }
        String name = nameOf(annotations);
        Function<String, ?> parse;
        if (rawType == Long.class) {
            parse = Long::valueOf;
        } else if (rawType == Integer.class) {
            parse = Integer::valueOf;
        } else if (rawType == LocalDate.class) {
            parse = LocalDate::parse;
        } else {
            parse = fromString(rawType, name);
        }
        boolean numeric = rawType == Long.class || rawType == Integer.class;
        Pattern shape = rule.pattern().isEmpty() ? (numeric ? DIGITS : null) : Pattern.compile(rule.pattern());
        return (ParamConverter<T>) new Reading<>(rule, name, shape, parse);
    }

    /** The type's public static {@code fromString(String)}, as a function. */
    private static Function<String, ?> fromString(Class<?> type, String name) {
        Method method;
        try {
            method = type.getMethod("fromString", String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("@Malformed on " + name + " of unsupported type " + type, e);
        }
        if (!Modifier.isStatic(method.getModifiers()) || !type.isAssignableFrom(method.getReturnType())) {
            throw new IllegalStateException(type + ".fromString must be static and return a " + type);
        }
        return text -> {
            try {
                return method.invoke(null, text);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException refusal) {
                    throw refusal;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The rule the parameter carries, itself or on one of its annotations; null if none. */
    static Malformed ruleOf(Annotation[] annotations) {
        if (annotations == null) {
            return null;
        }
        for (Annotation a : annotations) {
            if (a instanceof Malformed rule) {
                return rule;
            }
            Malformed meta = a.annotationType().getAnnotation(Malformed.class);
            if (meta != null) {
                return meta;
            }
        }
        return null;
    }

    private static String nameOf(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
            if (a instanceof PathParam p) {
                return p.value();
            }
        }
        return "value";
    }

    /** Text to value by one parameter's rule. */
    private record Reading<T>(Malformed rule, String name, Pattern shape, Function<String, T> parse)
            implements ParamConverter<T> {
        @Override
        public T fromString(String sent) {
            String text = sent != null && rule.strip() ? sent.strip() : sent;
            boolean missing = text == null || text.isEmpty() || (rule.blankIsMissing() && text.isBlank());
            if (missing) {
                if (rule.missingCode().isEmpty()) {
                    return null;
                }
                throw refusal(rule.missingCode(), rule.missingDetail(), "", "");
            }
            if (shape != null && !shape.matcher(text).matches()) {
                throw refusal(rule.code(), rule.detail(), text, "");
            }
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException | DateTimeParseException e) { // NumberFormatException too
                throw refusal(
                        rule.unparsableCode().isEmpty() ? rule.code() : rule.unparsableCode(),
                        rule.unparsable().isEmpty() ? rule.detail() : rule.unparsable(),
                        text,
                        String.valueOf(e.getMessage()));
            }
        }

        @Override
        public String toString(T value) {
            return value == null ? null : value.toString();
        }

        private MalformedParameter refusal(String code, String detail, String text, String error) {
            return new MalformedParameter(fill(code, "", ""), rule.title(), fill(detail, text, error));
        }

        private String fill(String template, String text, String error) {
            String shown = text.length() <= rule.shown() ? text : text.substring(0, rule.shown()) + "...";
            return template.replace("{name}", name)
                    .replace("{kebab}", name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT))
                    .replace("{value}", shown)
                    .replace("{error}", error);
        }
    }
}
