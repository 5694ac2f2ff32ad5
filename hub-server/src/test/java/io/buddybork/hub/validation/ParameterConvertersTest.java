package io.buddybork.hub.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * A {@link Malformed} parameter reads as its type or is refused with the problem its rule names,
 * the parameter's name and the text as sent filled in; parameters without a rule are left to JAX-RS.
 */
class ParameterConvertersTest {
    private final ParameterConverters converters = new ParameterConverters();

    @SuppressWarnings("unused")
    static void parameters(
            @QueryParam("deviceId") @Malformed(code = "invalid-{kebab}", detail = "{name} is no number: '{value}'")
                    Long deviceId,
            @QueryParam("from")
                    @DefaultValue("")
                    @Malformed(
                            code = "bad-{name}",
                            detail = "{name} is no day: '{value}'",
                            pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}",
                            unparsable = "{name} is not in the calendar: {value}",
                            missingCode = "missing-{name}",
                            missingDetail = "{name} is required",
                            blankIsMissing = true)
                    LocalDate from,
            @PathParam("days") @Malformed(code = "invalid-days", detail = "{value}", pattern = "[0-9]+") Integer days,
            @QueryParam("plain") Long plain,
            @QueryParam("odd")
                    @Malformed(
                            code = "invalid-odd",
                            detail = "not digits: '{value}'",
                            pattern = "[0-9]+",
                            shown = 5,
                            strip = true,
                            unparsableCode = "even",
                            unparsable = "refused: {error}",
                            title = "Bad odd number")
                    Odd odd) {}

    /** A type of the hub's own, read by its {@code fromString}. */
    public record Odd(long n) {
        public static Odd fromString(String text) {
            long n = Long.parseLong(text);
            if (n % 2 == 0) {
                throw new IllegalArgumentException(n + " is even");
            }
            return new Odd(n);
        }
    }

    @Test
    void aWellFormedValueReadsAsItsTypeAndAnEmptyOptionalOneAsNull() {
        assertThat(converter(Long.class, 0).fromString("42")).isEqualTo(42L);
        assertThat(converter(Long.class, 0).fromString("")).isNull();
        assertThat(converter(LocalDate.class, 1).fromString("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(converter(Integer.class, 2).fromString("007")).isEqualTo(7);
    }

    @Test
    void aMalformedValueIsRefusedWithTheRulesCodeAndTheTextAsSent() {
        refused(converter(Long.class, 0), "-1", "invalid-device-id", "deviceId is no number: '-1'");
        refused(
                converter(Long.class, 0),
                "1234567890123456789",
                "invalid-device-id",
                "deviceId is no number: '1234567890123456789'");
        refused(converter(LocalDate.class, 1), "2024-2-1", "bad-from", "from is no day: '2024-2-1'");
        refused(converter(LocalDate.class, 1), "2024-02-30", "bad-from", "from is not in the calendar: 2024-02-30");
        refused(converter(Integer.class, 2), "99999999999", "invalid-days", "99999999999");
    }

    @Test
    void aRequiredValueThatIsAbsentOrBlankIsMissing() {
        refused(converter(LocalDate.class, 1), "", "missing-from", "from is required");
        refused(converter(LocalDate.class, 1), "  ", "missing-from", "from is required");
    }

    @Test
    void aTypeWithFromStringReadsThroughItAndItsRefusalHasTheUnparsableCodeAndMessage() {
        assertThat(converter(Odd.class, 4).fromString(" 7 ")).isEqualTo(new Odd(7));
        refused(converter(Odd.class, 4), "8", "even", "refused: 8 is even");
        refused(converter(Odd.class, 4), " 12x ", "invalid-odd", "not digits: '12x'");
        refused(converter(Odd.class, 4), "abcdefgh", "invalid-odd", "not digits: 'abcde...'");
        assertThatThrownBy(() -> converter(Odd.class, 4).fromString("x"))
                .isInstanceOfSatisfying(
                        MalformedParameter.class,
                        e -> assertThat(e.problem().title()).isEqualTo("Bad odd number"));
    }

    @Test
    void aParameterWithoutARuleKeepsTheFrameworksConversion() {
        assertThat(converters.getConverter(Long.class, Long.class, annotations(3)))
                .isNull();
    }

    private static void refused(ParamConverter<?> converter, String text, String code, String detail) {
        assertThatThrownBy(() -> converter.fromString(text)).isInstanceOfSatisfying(MalformedParameter.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().code()).isEqualTo(code);
            assertThat(e.problem().detail()).isEqualTo(detail);
            assertThat(e.getResponse().getStatus()).isEqualTo(400);
        });
    }

    private <T> ParamConverter<T> converter(Class<T> type, int index) {
        return converters.getConverter(type, type, annotations(index));
    }

    private static Annotation[] annotations(int index) {
        return java.util.Arrays.stream(ParameterConvertersTest.class.getDeclaredMethods())
                .filter(m -> m.getName().equals("parameters"))
                .findFirst()
                .orElseThrow()
                .getParameterAnnotations()[index];
    }
}
