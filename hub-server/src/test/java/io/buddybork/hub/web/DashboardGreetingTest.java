package io.buddybork.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.away.AwaySchedule;
import io.buddybork.hub.away.AwayState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which period the dashboard opens its summary on: the absence, the time since the last visit, or today. */
class DashboardGreetingTest {
    private static final long NOW = System.currentTimeMillis();
    private static final long HOUR = 3_600_000L;

    private static AwayState home(AwayState.Absence last) {
        return new AwayState(false, NOW - HOUR, "button", AwaySchedule.NONE, "UTC", last);
    }

    @Test
    void anAbsenceThatEndedSinceTheLastVisitIsGreeted() {
        AwayState.Absence absence = new AwayState.Absence(NOW - 9 * HOUR, NOW - HOUR);
        assertThat(DashboardPage.greeting(Optional.of(NOW - 10 * HOUR), home(absence)))
                .isEqualTo(new DashboardPage.Greeting("absence", NOW - 9 * HOUR, NOW - HOUR));
        assertThat(DashboardPage.greeting(Optional.empty(), home(absence)).kind())
                .isEqualTo("absence");
    }

    @Test
    void anAbsenceSeenOnAnEarlierVisitGivesWayToTheTimeSinceThatVisit() {
        AwayState.Absence absence = new AwayState.Absence(NOW - 9 * HOUR, NOW - 5 * HOUR);
        assertThat(DashboardPage.greeting(Optional.of(NOW - 2 * HOUR), home(absence)))
                .isEqualTo(new DashboardPage.Greeting("visit", NOW - 2 * HOUR, 0));
    }

    @Test
    void anAbsenceOverADayAgoIsNoLongerGreeted() {
        AwayState.Absence absence = new AwayState.Absence(NOW - 40 * HOUR, NOW - 30 * HOUR);
        assertThat(DashboardPage.greeting(Optional.empty(), home(absence)).kind())
                .isEqualTo("today");
    }

    @Test
    void whileAwayTheSummaryRunsFromWhenTheOwnerLeft() {
        AwayState away = new AwayState(true, NOW - 3 * HOUR, "schedule", AwaySchedule.NONE, "UTC", null);
        assertThat(DashboardPage.greeting(Optional.of(NOW - 5 * HOUR), away))
                .isEqualTo(new DashboardPage.Greeting("away", NOW - 3 * HOUR, 0));
    }
}
