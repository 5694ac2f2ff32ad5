package io.buddybork.hub.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Days and hours of the hub's zone, across the changes of the clocks. */
class HubZoneTest {
    private static final HubZone BERLIN = new HubZone(ZoneId.of("Europe/Berlin"));

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aDayStartsAtLocalMidnightNotAtUtcMidnight() {
        LocalDate day = LocalDate.of(2026, 12, 5);
        assertThat(BERLIN.startOf(day)).isEqualTo(Instant.parse("2026-12-04T23:00:00Z"));
        assertThat(BERLIN.endOf(day)).isEqualTo(Instant.parse("2026-12-05T23:00:00Z"));
        // a European evening: 23:59 in Berlin is still the same day, 00:00 the next
        assertThat(BERLIN.dayOf(ms("2026-12-05T22:59:59.999Z"))).isEqualTo(day);
        assertThat(BERLIN.dayOf(ms("2026-12-05T23:00:00Z"))).isEqualTo(day.plusDays(1));
        assertThat(BERLIN.dayOf(ms("2026-12-04T23:00:00Z"))).isEqualTo(day);
    }

    @Test
    void theDayTheClocksGoForwardHas23HoursAndTheDayTheyGoBack25() {
        LocalDate spring = LocalDate.of(2026, 3, 29);
        assertThat(Duration.between(BERLIN.startOf(spring), BERLIN.endOf(spring)))
                .isEqualTo(Duration.ofHours(23));
        assertThat(BERLIN.startOf(spring)).isEqualTo(Instant.parse("2026-03-28T23:00:00Z")); // 00:00 CET
        assertThat(BERLIN.endOf(spring)).isEqualTo(Instant.parse("2026-03-29T22:00:00Z")); // 00:00 CEST

        LocalDate autumn = LocalDate.of(2026, 10, 25);
        assertThat(BERLIN.endMs(autumn) - BERLIN.startMs(autumn))
                .isEqualTo(Duration.ofHours(25).toMillis());
        assertThat(BERLIN.startOf(autumn)).isEqualTo(Instant.parse("2026-10-24T22:00:00Z")); // 00:00 CEST
        assertThat(BERLIN.endOf(autumn)).isEqualTo(Instant.parse("2026-10-25T23:00:00Z")); // 00:00 CET
        // the last hour of the long day is still that day, in UTC already the next
        assertThat(BERLIN.dayOf(ms("2026-10-25T22:30:00Z"))).isEqualTo(autumn);
        // consecutive days tile time: each ends where the next starts
        for (LocalDate d = LocalDate.of(2026, 3, 27); d.isBefore(LocalDate.of(2026, 3, 31)); d = d.plusDays(1)) {
            assertThat(BERLIN.endOf(d)).isEqualTo(BERLIN.startOf(d.plusDays(1)));
        }
    }

    @Test
    void localHoursFollowTheClockOnTheWall() {
        // 07:30 on the wall before and after the change, one hour apart in UTC
        assertThat(BERLIN.hourOf(ms("2026-03-28T06:30:00Z"))).isEqualTo(7);
        assertThat(BERLIN.hourOf(ms("2026-03-29T05:30:00Z"))).isEqualTo(7);
        // 02:00-03:00 does not exist on 29 March: 01:59 CET is followed by 03:00 CEST
        assertThat(BERLIN.hourOf(ms("2026-03-29T00:59:00Z"))).isEqualTo(1);
        assertThat(BERLIN.hourOf(ms("2026-03-29T01:00:00Z"))).isEqualTo(3);
        // 02:00-03:00 happens twice on 25 October
        assertThat(BERLIN.hourOf(ms("2026-10-25T00:30:00Z"))).isEqualTo(2);
        assertThat(BERLIN.hourOf(ms("2026-10-25T01:30:00Z"))).isEqualTo(2);
    }

    @Test
    void whereTheClocksSkipMidnightTheDayStartsAtItsFirstInstant() {
        HubZone santiago = new HubZone(ZoneId.of("America/Santiago"));
        LocalDate day = LocalDate.of(2026, 9, 6); // 00:00 -04:00 becomes 01:00 -03:00
        assertThat(santiago.startOf(day)).isEqualTo(Instant.parse("2026-09-06T04:00:00Z"));
        assertThat(santiago.dayOf(santiago.startMs(day) - 1)).isEqualTo(day.minusDays(1));
        assertThat(santiago.dayOf(santiago.startMs(day))).isEqualTo(day);
    }

    @Test
    void daysBeforeCountsCalendarDaysOfTheZone() {
        Instant now = Instant.parse("2026-04-10T10:00:00Z"); // 12:00 CEST
        // 30 days back is 11 March 12:00 CET: 30 days and one hour less than 30 x 24 h earlier
        assertThat(BERLIN.daysBefore(now, 30)).isEqualTo(Instant.parse("2026-03-11T11:00:00Z"));
        assertThat(new HubZone(ZoneId.of("UTC")).daysBefore(now, 30)).isEqualTo(now.minus(Duration.ofDays(30)));
    }

    @Test
    void onlyRegionIdsAreAccepted() {
        assertThat(new HubZone(ZoneId.of("UTC")).id()).isEqualTo("UTC");
        assertThatThrownBy(() -> new HubZone(ZoneId.of("+02:00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BUDDYBORK_TIME_ZONE")
                .hasMessageContaining("Europe/Berlin");
    }

    @Test
    void theSystemZoneIsUsedWhenNoneIsConfigured() {
        ZoneId system = HubZone.systemZone();
        assertThat(ZoneId.getAvailableZoneIds()).contains(system.getId());
        assertThat(system.getRules()).isEqualTo(ZoneId.systemDefault().getRules());
    }
}
