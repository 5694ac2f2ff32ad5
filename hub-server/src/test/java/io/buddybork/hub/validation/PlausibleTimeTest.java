package io.buddybork.hub.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.problem.ProblemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The written rule of plausible times names the same window that the checks enforce. */
class PlausibleTimeTest {

    @Test
    void theRuleNamesTheWindowsEndsAsInstantsAndMilliseconds() {
        assertThat(PlausibleTime.RULE)
                .contains(Instant.ofEpochMilli(PlausibleTime.MIN_MS) + " (" + PlausibleTime.MIN_MS + ")")
                .contains(Instant.ofEpochMilli(PlausibleTime.MAX_MS) + " (" + PlausibleTime.MAX_MS + ")");
    }

    @Test
    void theConstraintAndTheCheckAgreeOnTheEnds() {
        PlausibleMs.Check check = new PlausibleMs.Check();
        for (long ms : new long[] {
            PlausibleTime.MIN_MS - 1,
            PlausibleTime.MIN_MS,
            PlausibleTime.MAX_MS,
            PlausibleTime.MAX_MS + 1,
            Long.MIN_VALUE
        }) {
            boolean plausible = ms >= PlausibleTime.MIN_MS && ms <= PlausibleTime.MAX_MS;
            assertThat(check.isValid(ms, null)).as("%d", ms).isEqualTo(plausible);
            if (plausible) {
                assertThat(PlausibleTime.require("t", ms)).isEqualTo(ms);
            } else {
                assertThatThrownBy(() -> PlausibleTime.require("t", ms))
                        .isInstanceOf(ProblemException.class)
                        .hasMessageContaining("t " + PlausibleTime.RULE);
            }
        }
        assertThat(check.isValid(null, null))
                .as("absent passes; @NotNull says whether it may be")
                .isTrue();
    }
}
