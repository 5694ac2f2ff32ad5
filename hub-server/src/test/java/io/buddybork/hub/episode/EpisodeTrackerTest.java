package io.buddybork.hub.episode;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.detect.DetectionStored;
import io.buddybork.hub.detect.TestModels;
import io.buddybork.hub.testing.HubApi.Device;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The episode tracker as detection feeds it ({@link DetectionStored} events) and the API shows it:
 * detections within the bridge (30 s) join one episode, a longer gap starts a new one, devices and
 * tags keep their own, only live tagged detections count, and an episode ends once the bridge has
 * passed on the hub's clock (moved on by hand), each step announced as an {@link EpisodeEvent}.
 */
@QuarkusTest
class EpisodeTrackerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicLong DETECTION_IDS = new AtomicLong(-1_000_000_000L);

    @Inject
    Event<DetectionStored> detections;

    @Inject
    EpisodeEvents events;

    @Inject
    io.agroal.api.AgroalDataSource ds;

    private MovableEpisodeClock clock;

    @BeforeEach
    void movableClock() {
        clock = new MovableEpisodeClock();
        QuarkusMock.installMockForType(clock, EpisodeClock.class);
    }

    private void heard(Device d, TestModels.TagRef tag, long startMs, double score) {
        detections.fireAsync(new DetectionStored(
                DETECTION_IDS.decrementAndGet(),
                0,
                d.id(),
                0,
                startMs,
                3000,
                tag.id(),
                tag.name(),
                score,
                false,
                false));
    }

    static List<Map<String, Object>> episodes(long deviceId) {
        long now = System.currentTimeMillis();
        return asAdmin()
                .queryParam("from", now - 3 * 86_400_000L)
                .queryParam("to", now + 86_400_000L)
                .queryParam("deviceId", deviceId)
                .get("/api/v1/episodes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    private static long num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    private void awaitSegments(Device d, int episodes, int lastSegments) {
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> found = episodes(d.id());
            assertThat(found).hasSize(episodes);
            assertThat(num(found.get(episodes - 1), "segments")).isEqualTo(lastSegments);
        });
    }

    @Test
    void detectionsWithinTheBridgeJoinOneEpisodeWithItsPeakScore() {
        Device d = createDevice("episode-bridge");
        TestModels.TagRef bark = TestModels.tag("bark");
        long t = System.currentTimeMillis() - 600_000;
        heard(d, bark, t, 0.7);
        awaitSegments(d, 1, 1);
        heard(d, bark, t + 3_000, 0.9);
        awaitSegments(d, 1, 2);
        heard(d, bark, t + 6_000 + 29_000, 0.8); // a 29 s gap: still under the bridge
        awaitSegments(d, 1, 3);

        Map<String, Object> e = episodes(d.id()).get(0);
        assertThat(num(e, "startMs")).isEqualTo(t);
        assertThat(num(e, "endMs")).isEqualTo(t + 38_000);
        assertThat(num(e, "durationMs")).isEqualTo(38_000);
        assertThat(((Number) e.get("peakScore")).doubleValue())
                .isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(e)
                .containsEntry("tag", "bark")
                .containsEntry("deviceName", "episode-bridge")
                .containsEntry("open", true);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.of(d.id()))
                        .extracting(EpisodeEvent::kind)
                        .containsExactly(
                                EpisodeEvent.Kind.STARTED, EpisodeEvent.Kind.EXTENDED, EpisodeEvent.Kind.EXTENDED));
        EpisodeEvent last = events.of(d.id()).get(2);
        assertThat(last.segments()).isEqualTo(3);
        assertThat(last.durationMs()).isEqualTo(38_000);
        assertThat(last.episodeId()).isEqualTo(num(e, "id"));
    }

    @Test
    void aGapOverTheBridgeEndsTheEpisodeAndStartsANewOne() {
        Device d = createDevice("episode-gap");
        TestModels.TagRef bark = TestModels.tag("bark");
        long t = System.currentTimeMillis() - 600_000;
        heard(d, bark, t, 0.7);
        awaitSegments(d, 1, 1);
        heard(d, bark, t + 3_000 + 31_000, 0.7);
        awaitSegments(d, 2, 1);

        List<Map<String, Object>> found = episodes(d.id());
        assertThat(found.get(0)).containsEntry("open", false);
        assertThat(found.get(1)).containsEntry("open", true);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.of(d.id()))
                        .extracting(EpisodeEvent::kind, EpisodeEvent::episodeId)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(EpisodeEvent.Kind.STARTED, num(found.get(0), "id")),
                                org.assertj.core.groups.Tuple.tuple(EpisodeEvent.Kind.ENDED, num(found.get(0), "id")),
                                org.assertj.core.groups.Tuple.tuple(
                                        EpisodeEvent.Kind.STARTED, num(found.get(1), "id"))));
    }

    @Test
    void eachDeviceAndTagHasEpisodesOfItsOwn() {
        Device kitchen = createDevice("episode-kitchen");
        Device garden = createDevice("episode-garden");
        TestModels.TagRef bark = TestModels.tag("bark");
        TestModels.TagRef beep = TestModels.tag("beep");
        long t = System.currentTimeMillis() - 600_000;
        heard(kitchen, bark, t, 0.7);
        heard(kitchen, beep, t + 1_000, 0.6);
        heard(garden, bark, t + 2_000, 0.8);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(episodes(kitchen.id()))
                    .extracting(e -> e.get("tag"), e -> num(e, "segments"))
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("bark", 1L),
                            org.assertj.core.groups.Tuple.tuple("beep", 1L));
            assertThat(episodes(garden.id()))
                    .extracting(e -> e.get("tag"), e -> num(e, "segments"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("bark", 1L));
        });
    }

    @Test
    void unknownHistoryAndLabelledDetectionsStartNoEpisode() {
        Device d = createDevice("episode-not-live");
        TestModels.TagRef bark = TestModels.tag("bark");
        long t = System.currentTimeMillis() - 600_000;
        detections.fireAsync(new DetectionStored(
                DETECTION_IDS.decrementAndGet(), 0, d.id(), 0, t, 3000, null, null, 0.2, false, false));
        detections.fireAsync(new DetectionStored(
                DETECTION_IDS.decrementAndGet(), 0, d.id(), 0, t + 3_000, 3000, bark.id(), "bark", 0.9, true, false));
        detections.fireAsync(new DetectionStored(
                DETECTION_IDS.decrementAndGet(), 0, d.id(), 0, t + 6_000, 3000, bark.id(), "bark", 0.9, false, true));
        heard(d, bark, t + 600_000, 0.5); // a live one afterwards: once it is in, the others were seen
        awaitSegments(d, 1, 1);
        assertThat(num(episodes(d.id()).get(0), "startMs")).isEqualTo(t + 600_000);
    }

    @Test
    void aBurstScoredAfterANewerOneIsAnnouncedAsAnEpisodeThatStartedAndEnded() {
        Device d = createDevice("episode-late");
        TestModels.TagRef bark = TestModels.tag("bark");
        long t = System.currentTimeMillis() - 600_000;
        // a backlog is scored newest first: the second burst reaches the tracker before the first
        heard(d, bark, t + 60_000, 0.8);
        awaitSegments(d, 1, 1);
        heard(d, bark, t + 3_000, 0.7); // 54 s before the open episode: over the 30 s bridge
        await().atMost(WAIT).until(() -> episodes(d.id()).size() == 2);
        heard(d, bark, t, 0.9); // the rest of the first burst joins it
        await().atMost(WAIT).until(() -> episodes(d.id()).stream().anyMatch(e -> num(e, "segments") == 2));

        List<Map<String, Object>> found = episodes(d.id());
        Map<String, Object> first =
                found.stream().filter(e -> num(e, "startMs") == t).findFirst().orElseThrow();
        Map<String, Object> second = found.stream()
                .filter(e -> num(e, "startMs") == t + 60_000)
                .findFirst()
                .orElseThrow();
        assertThat(first).containsEntry("open", false);
        assertThat(num(first, "endMs")).isEqualTo(t + 6_000);
        assertThat(second).containsEntry("open", true);
        clock.advance(31_000); // the newer one ends a bridge after its detection
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.of(d.id()))
                        .extracting(EpisodeEvent::kind, EpisodeEvent::episodeId)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(EpisodeEvent.Kind.STARTED, num(second, "id")),
                                org.assertj.core.groups.Tuple.tuple(EpisodeEvent.Kind.STARTED, num(first, "id")),
                                org.assertj.core.groups.Tuple.tuple(EpisodeEvent.Kind.ENDED, num(first, "id")),
                                org.assertj.core.groups.Tuple.tuple(EpisodeEvent.Kind.ENDED, num(second, "id"))));
    }

    @Test
    void anEpisodeEndsOnceTheBridgeHasPassedWithoutDetections() {
        Device d = createDevice("episode-end");
        TestModels.TagRef bark = TestModels.tag("bark");
        long t = System.currentTimeMillis() - 600_000;
        heard(d, bark, t, 0.7);
        awaitSegments(d, 1, 1);
        clock.advance(29_000); // within the bridge: the sweep leaves it open
        heard(d, bark, t + 5_000, 0.7);
        awaitSegments(d, 1, 2);
        clock.advance(31_000);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.of(d.id()))
                        .extracting(EpisodeEvent::kind)
                        .containsExactly(
                                EpisodeEvent.Kind.STARTED, EpisodeEvent.Kind.EXTENDED, EpisodeEvent.Kind.ENDED));
        assertThat(episodes(d.id()).get(0)).containsEntry("open", false);
        EpisodeEvent ended = events.of(d.id()).get(2);
        assertThat(ended.segments()).isEqualTo(2);
        assertThat(ended.durationMs()).isEqualTo(8_000);
    }

    @Test
    void anEpisodeLeftOpenByAStopIsEndedByTheSweepAfterTheStart() {
        Device d = createDevice("episode-restart");
        TestModels.TagRef bark = TestModels.tag("bark");
        long t = System.currentTimeMillis() - 3 * 3_600_000L;
        // what a hub stopped in the middle of an episode leaves behind: an open row, last touched then
        long id = io.buddybork.hub.testing.Db.queryLong(
                ds,
                "insert into episode (device_id, tag_id, start_time, end_time, segments, peak_score, open, touched)"
                        + " values (?, ?, ?, ?, 2, 0.8, true, ?) returning id",
                d.id(),
                bark.id(),
                new java.sql.Timestamp(t),
                new java.sql.Timestamp(t + 6_000),
                new java.sql.Timestamp(t + 6_000));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.of(d.id()))
                        .extracting(EpisodeEvent::kind, EpisodeEvent::episodeId)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(EpisodeEvent.Kind.ENDED, id)));
        assertThat(episodes(d.id()).get(0)).containsEntry("open", false);
    }
}
