package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.episode.EpisodeEvent;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class EpisodePayloadsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final long BARK_AT =
            ZonedDateTime.of(2026, 12, 7, 3, 12, 0, 0, ZONE).toInstant().toEpochMilli();

    private static EpisodePayloads.Push push(boolean away, long nowMs) {
        EpisodeEvent e = new EpisodeEvent(
                EpisodeEvent.Kind.ENDED, 812, 1, "Garden", 2, "bark", BARK_AT, BARK_AT + 6000, 2, 0.931);
        return EpisodePayloads.push(EpisodePayloads.event(e, away), ZONE, nowMs);
    }

    @Test
    void aPushSentAtOnceSaysWhenTheEpisodeStartedInTheHubsZone() {
        EpisodePayloads.Push p = push(true, BARK_AT + 9000);

        assertThat(p.message())
                .isEqualTo("bark heard on Garden at 03:12 for 6 s (2 segments, peak score 0.93) while you are away");
        assertThat(p.title()).isEqualTo("bark on Garden");
        assertThat(p.priority()).isEqualTo("high");
    }

    @Test
    void aPushSentMinutesAfterTheEpisodeEndedSaysHowLongAgoItWas() {
        long later = BARK_AT + 3 * 3_600_000L + 5 * 60_000L;

        assertThat(push(false, later).message())
                .isEqualTo("bark heard on Garden at 03:12 for 6 s (2 segments, peak score 0.93), 3 h 5 min ago");
        assertThat(push(false, BARK_AT + 6000 + EpisodePayloads.LATE_MS).message())
                .as("up to five minutes after its end a push is on time")
                .doesNotContain("ago");
    }

    @Test
    void aPushAboutAnEarlierDayGivesTheDate() {
        long nextDay = BARK_AT + 26 * 3_600_000L;

        assertThat(push(false, nextDay).message())
                .contains(" at 2026-12-07 03:12 ")
                .endsWith(", 26 h 0 min ago");
        assertThat(push(false, BARK_AT + 3 * 86_400_000L).message()).endsWith(", 3 days ago");
    }

    @Test
    void aTestPushCarriesItsMessage() {
        EpisodePayloads.Push p = EpisodePayloads.push(EpisodePayloads.test("phone", BARK_AT), ZONE, BARK_AT);

        assertThat(p.message()).isEqualTo("Test notification from Buddybork to phone");
        assertThat(p.tags()).isEqualTo("white_check_mark");
    }
}
