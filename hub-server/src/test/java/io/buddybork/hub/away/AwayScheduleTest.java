package io.buddybork.hub.away;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.time.HubZone;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weekly away windows read in the hub's zone, on ordinary days and on the days the clocks change. */
class AwayScheduleTest {
    private static final HubZone BERLIN = new HubZone(ZoneId.of("Europe/Berlin"));

    private static AwaySchedule window(DayOfWeek day, String from, String to) {
        return new AwaySchedule(List.of(new AwaySchedule.Window(List.of(day), from, to)));
    }

    private static boolean in(AwaySchedule s, String instant) {
        return s.contains(Instant.parse(instant), BERLIN);
    }

    @Test
    void aWorkdayWindowFollowsTheLocalClockOnBothSidesOfTheSpringChange() {
        AwaySchedule saturday = window(DayOfWeek.SATURDAY, "08:00", "17:00");
        AwaySchedule sunday = window(DayOfWeek.SUNDAY, "08:00", "17:00");
        // Saturday 28 March 2026 is still CET (UTC+1)
        assertThat(in(saturday, "2026-03-28T06:59:59Z")).isFalse();
        assertThat(in(saturday, "2026-03-28T07:00:00Z")).isTrue();
        assertThat(in(saturday, "2026-03-28T15:59:59Z")).isTrue();
        assertThat(in(saturday, "2026-03-28T16:00:00Z")).isFalse();
        // Sunday 29 March 2026: CEST (UTC+2) from 02:00 local on
        assertThat(in(sunday, "2026-03-29T05:59:59Z")).isFalse();
        assertThat(in(sunday, "2026-03-29T06:00:00Z")).isTrue();
        assertThat(in(sunday, "2026-03-29T14:59:59Z")).isTrue();
        assertThat(in(sunday, "2026-03-29T15:00:00Z")).isFalse();
    }

    @Test
    void aWindowOverTheSkippedHourIsAnHourShorter() {
        AwaySchedule night = window(DayOfWeek.SUNDAY, "01:00", "05:00");
        assertThat(in(night, "2026-03-28T23:59:59Z")).isFalse();
        assertThat(in(night, "2026-03-29T00:00:00Z")).isTrue(); // 01:00 CET
        assertThat(in(night, "2026-03-29T02:59:59Z")).isTrue(); // 04:59:59 CEST
        assertThat(in(night, "2026-03-29T03:00:00Z")).isFalse(); // 05:00 CEST: three hours in all
    }

    @Test
    void aWindowOverTheRepeatedHourIsAnHourLonger() {
        AwaySchedule night = window(DayOfWeek.SUNDAY, "01:00", "05:00");
        assertThat(in(night, "2026-10-24T22:59:59Z")).isFalse();
        assertThat(in(night, "2026-10-24T23:00:00Z")).isTrue(); // 01:00 CEST
        assertThat(in(night, "2026-10-25T03:59:59Z")).isTrue(); // 04:59:59 CET
        assertThat(in(night, "2026-10-25T04:00:00Z")).isFalse(); // five hours in all
    }

    @Test
    void aWindowEndingNotAfterItsStartRunsIntoTheNextDay() {
        AwaySchedule overnight = window(DayOfWeek.SATURDAY, "22:00", "06:00");
        assertThat(in(overnight, "2026-03-28T20:59:59Z")).isFalse();
        assertThat(in(overnight, "2026-03-28T21:00:00Z")).isTrue(); // Saturday 22:00 CET
        assertThat(in(overnight, "2026-03-29T03:59:59Z")).isTrue(); // Sunday 05:59:59 CEST
        assertThat(in(overnight, "2026-03-29T04:00:00Z")).isFalse();
        assertThat(in(overnight, "2026-03-30T01:00:00Z")).isFalse(); // Sunday night: not a Saturday window
    }
}
