package io.buddybork.recognition.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonTest {

    @Test
    void threeOutOfThreeIsFarFromCertain() {
        double[] ci = Wilson.interval(3, 3);
        assertThat(ci[0]).isCloseTo(0.4385, within(1e-3));
        assertThat(ci[1]).isEqualTo(1.0);
    }

    @Test
    void manyTrialsNarrowTheIntervalAroundTheRatio() {
        double[] ci = Wilson.interval(800, 1000);
        assertThat(ci[0]).isCloseTo(0.7741, within(1e-3));
        assertThat(ci[1]).isCloseTo(0.8237, within(1e-3));
    }

    @Test
    void noTrialsMeansNothingIsKnown() {
        assertThat(Wilson.interval(0, 0)).containsExactly(0, 1);
        assertThatThrownBy(() -> Wilson.interval(4, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noFalseAlarmInTwelveSecondsBoundsTheRateAtHundredsPerHour() {
        double hours = 12 / 3600.0;
        assertThat(Wilson.poissonUpper(0, hours)).isCloseTo(2.9957 / hours, within(1.0));
        assertThat(Wilson.poissonUpper(0, 100)).isCloseTo(0.02996, within(1e-4));
        // 10 events: the exact 95 % upper bound is 17.0; Wilson-Hilferty is within 1 %
        assertThat(Wilson.poissonUpper(10, 1)).isCloseTo(17.0, within(0.2));
        assertThat(Wilson.poissonUpper(1, 0)).isInfinite();
    }
}
