package io.buddybork.hub.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.tag.Tag;
import io.buddybork.hub.tag.TagRepository;
import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Annotation rows mapped to the API's views, filtered by device or not, counted per day of a given zone. */
@QuarkusTest
class AnnotationRepositoryTest {

    /** 2026-05-10T23:30Z: still the 10th in UTC, already the 11th in Berlin (UTC+2). */
    private static final long LATE_EVENING_UTC = OffsetDateTime.of(2026, 5, 10, 23, 30, 0, 0, ZoneOffset.UTC)
            .toInstant()
            .toEpochMilli();

    @Inject
    AnnotationRepository annotations;

    @Inject
    TagRepository tags;

    @Test
    void rowsComeBackAsViewsWithTheirTagNameWithOrWithoutADeviceFilter() {
        long device = HubApi.createDevice("annot-repo-" + System.nanoTime()).id();
        long otherDevice =
                HubApi.createDevice("annot-repo-other-" + System.nanoTime()).id();
        Tag tag = tags.insert("repo-" + System.nanoTime());
        AnnotationView a = annotations.insert(device, LATE_EVENING_UTC, LATE_EVENING_UTC + 1500, tag.id(), "admin");
        AnnotationView b =
                annotations.insert(otherDevice, LATE_EVENING_UTC + 2000, LATE_EVENING_UTC + 2500, tag.id(), null);

        assertThat(a)
                .isEqualTo(new AnnotationView(
                        a.id(), device, LATE_EVENING_UTC, LATE_EVENING_UTC + 1500, tag.id(), tag.name(), "admin"));
        OffsetDateTime from = OffsetDateTime.of(2026, 5, 10, 23, 0, 0, 0, ZoneOffset.UTC);
        assertThat(annotations.startingBetween(from, from.plusHours(1), device)).containsExactly(a);
        assertThat(annotations.startingBetween(from, from.plusHours(1), null)).contains(a, b);
        assertThat(annotations.retag(b.id(), tag.id())).contains(b);
        assertThat(annotations.delete(b.id())).isTrue();
        assertThat(annotations.delete(b.id())).isFalse();
        assertThat(annotations.retag(b.id(), tag.id())).isEmpty();
    }

    @Test
    void dailyCountsFollowTheGivenZonesDays() {
        long device = HubApi.createDevice("annot-days-" + System.nanoTime()).id();
        Tag tag = tags.insert("days-" + System.nanoTime());
        annotations.insert(device, LATE_EVENING_UTC, LATE_EVENING_UTC + 1000, tag.id(), null);
        OffsetDateTime from = OffsetDateTime.of(2026, 5, 9, 0, 0, 0, 0, ZoneOffset.UTC);

        assertThat(annotations.dailyCounts(from, from.plusDays(4), device, "UTC"))
                .containsExactly(new AnnotationRequests.DailyCount("2026-05-10", tag.id(), 1));
        assertThat(annotations.dailyCounts(from, from.plusDays(4), device, "Europe/Berlin"))
                .containsExactly(new AnnotationRequests.DailyCount("2026-05-11", tag.id(), 1));
    }
}
