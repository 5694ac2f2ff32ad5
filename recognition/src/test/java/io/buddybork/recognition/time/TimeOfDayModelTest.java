package io.buddybork.recognition.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeOfDayModelTest {

    private static double integral(TimeOfDayModel m) {
        double sum = 0;
        int steps = 24 * 60;
        for (int i = 0; i < steps; i++) {
            sum += m.densityAtHour((i + 0.5) / 60.0) / 60.0;
        }
        return sum;
    }

    @Test
    void theDensityIntegratesToOneOverTheDay() {
        TimeOfDayModel m = TimeOfDayModel.fitHours(new double[] {7, 7.5, 8, 19}, ZoneOffset.UTC, 1.0);
        assertThat(integral(m)).isCloseTo(1.0, within(1e-6));
        assertThat(integral(TimeOfDayModel.fitHours(new double[0], ZoneOffset.UTC, 1.0)))
                .isCloseTo(1.0, within(1e-9));
        assertThat(integral(TimeOfDayModel.fitHours(new double[] {3}, ZoneOffset.UTC, 0.25)))
                .isCloseTo(1.0, within(1e-4));
    }

    @Test
    void theDensityPeaksWhereTheEventsAreAndWrapsAroundMidnight() {
        double[] hours = new double[30];
        for (int i = 0; i < hours.length; i++) {
            hours[i] = i % 2 == 0 ? 23.5 : 0.5;
        }
        TimeOfDayModel m = TimeOfDayModel.fitHours(hours, ZoneOffset.UTC, 1.0);
        assertThat(m.densityAtHour(0.0)).isGreaterThan(m.densityAtHour(12.0) * 10);
        assertThat(m.densityAtHour(23.9)).isCloseTo(m.densityAtHour(0.1), within(1e-9));
        assertThat(m.densityAtHour(12)).isGreaterThan(0); // never impossible
    }

    @Test
    void localTimeUsesTheHomesZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        TimeOfDayModel m = TimeOfDayModel.fit(List.of(Instant.parse("2026-07-01T05:00:00Z")), berlin, 1.0);
        assertThat(TimeOfDayModel.hourOfDay(Instant.parse("2026-07-01T05:00:00Z"), berlin))
                .isEqualTo(7.0);
        assertThat(m.relativeDensity(Instant.parse("2026-07-02T05:00:00Z")))
                .isGreaterThan(m.relativeDensity(Instant.parse("2026-07-02T17:00:00Z")));
    }

    @Test
    void peakRelativeDensityIsOneAtTheBusiestHourAndLowerElsewhere() {
        TimeOfDayModel m = TimeOfDayModel.fit(
                List.of(
                        Instant.parse("2026-07-01T05:00:00Z"),
                        Instant.parse("2026-07-01T05:10:00Z"),
                        Instant.parse("2026-07-01T04:50:00Z")),
                ZoneId.of("UTC"),
                1.0);
        assertThat(m.peakRelativeDensity(Instant.parse("2026-07-02T05:00:00Z"))).isCloseTo(1.0, within(1e-3));
        assertThat(m.peakRelativeDensity(Instant.parse("2026-07-02T17:00:00Z")))
                .isLessThan(0.5)
                .isPositive();
        for (int h = 0; h < 24; h++) {
            assertThat(m.peakRelativeDensity(
                            Instant.parse("2026-07-02T00:00:00Z").plusSeconds(h * 3600L)))
                    .isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void logBesselMatchesItsSeries() {
        for (double x : new double[] {0.0, 0.5, 2.0, 3.7, 5.0, 20.0, 100.0}) {
            double sum = 0;
            double term = 1;
            for (int k = 0; k < 400; k++) {
                if (k > 0) {
                    term *= (x / 2) * (x / 2) / ((double) k * k);
                }
                sum += term;
            }
            assertThat(TimeOfDayModel.logBesselI0(x))
                    .as("x=%s", x)
                    .isCloseTo(Math.log(sum), within(1e-5 * Math.max(1, Math.log(sum))));
        }
    }
}
