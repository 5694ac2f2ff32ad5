package io.buddybork.hub.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotNull;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A constraint's reason code is its {@link Reason} payload; its message is only text for people. */
class ReasonTest {
    private static ValidatorFactory factory;
    private static Validator validator;

    record Coded(
            @NotNull(message = "tagId is required", payload = Reason.MissingField.class)
            Long tagId) {}

    record Uncoded(
            @NotNull(message = "missing-field: tagId is required")
            Long tagId) {}

    record Time(@PlausibleMs Long startMs) {}

    @BeforeAll
    static void start() {
        factory = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void theCodeComesFromThePayloadAndTheDetailIsTheWholeMessage() {
        ConstraintViolation<?> v = only(validator.validate(new Coded(null)));

        assertThat(ConstraintProblems.codeOf(v)).isEqualTo("missing-field");
        assertThat(ConstraintProblems.detailOf(v)).isEqualTo("tagId is required");
    }

    @Test
    void aMessageThatReadsLikeACodeIsNotOne() {
        ConstraintViolation<?> v = only(validator.validate(new Uncoded(null)));

        assertThat(ConstraintProblems.codeOf(v)).isEqualTo(ConstraintProblems.FALLBACK_CODE);
        assertThat(ConstraintProblems.detailOf(v)).isEqualTo("missing-field: tagId is required");
    }

    @Test
    void aSharedConstraintCarriesItsOwnCodeAndNamesTheField() {
        ConstraintViolation<?> v = only(validator.validate(new Time(5L)));

        assertThat(ConstraintProblems.codeOf(v)).isEqualTo(PlausibleTime.CODE);
        assertThat(ConstraintProblems.detailOf(v)).isEqualTo("startMs " + PlausibleTime.RULE);
    }

    private static ConstraintViolation<?> only(Set<? extends ConstraintViolation<?>> violations) {
        assertThat(violations).hasSize(1);
        return violations.iterator().next();
    }
}
