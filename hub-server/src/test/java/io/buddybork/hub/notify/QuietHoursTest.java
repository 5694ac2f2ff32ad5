package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** Quiet hours: start inclusive, end exclusive, spanning midnight when start is after end. */
class QuietHoursTest {

    private static NotifyRule rule(String from, String to) {
        return new NotifyRule(null, null, true, 600, from, to, 0, 0, false);
    }

    @Test
    void aWindowWithinOneDay() {
        NotifyRule r = rule("13:00", "15:30");
        assertThat(EpisodeNotifier.quiet(r, LocalTime.of(12, 59))).isFalse();
        assertThat(EpisodeNotifier.quiet(r, LocalTime.of(13, 0))).isTrue();
        assertThat(EpisodeNotifier.quiet(r, LocalTime.of(15, 29))).isTrue();
        assertThat(EpisodeNotifier.quiet(r, LocalTime.of(15, 30))).isFalse();
    }

    @Test
    void aWindowOverMidnight() {
        NotifyRule r = rule("22:00", "07:00");
        assertThat(EpisodeNotifier.quiet(r, LocalTime.of(23, 0))).isTrue();
        assertThat(EpisodeNotifier.quiet(r, LocalTime.of(3, 0))).isTrue();
        assertThat(EpisodeNotifier.quiet(r, LocalTime.of(7, 0))).isFalse();
        assertThat(EpisodeNotifier.quiet(r, LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void noWindowOrAnEmptyOneIsNeverQuiet() {
        assertThat(EpisodeNotifier.quiet(rule(null, null), LocalTime.NOON)).isFalse();
        assertThat(EpisodeNotifier.quiet(rule("08:00", "08:00"), LocalTime.of(8, 0)))
                .isFalse();
    }
}
