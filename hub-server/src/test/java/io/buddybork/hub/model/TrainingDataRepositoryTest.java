package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How training audio is gathered: background excludes annotated segments and is capped evenly. */
@QuarkusTest
class TrainingDataRepositoryTest {

    @Inject
    TrainingDataRepository data;

    private static ModelFixtures.Scenario s;

    @BeforeEach
    void seed() {
        if (s == null) {
            s = ModelFixtures.seed(2, 2, 10);
        }
    }

    @Test
    void backgroundIsEverySegmentOverlappingNoAnnotation() {
        TrainingDataRepository.Background all = data.background(List.of(s.days().get(0)), 1000);
        // per day: 2 x 2 events each followed by a quiet segment, then 10 quiet ones; events are annotated
        assertThat(all.available()).isEqualTo(4 + 10);
        assertThat(all.segments()).hasSize(14);
        List<TrainingDataRepository.Annot> annots =
                data.annotations(List.of(s.days().get(0)), List.of(s.toneTag(), s.noiseTag()));
        assertThat(annots).hasSize(4);
        for (AudioStitcher.Source bg : all.segments()) {
            assertThat(annots).noneMatch(a -> a.startMs() < bg.startMs() + bg.durationMs() && a.endMs() > bg.startMs());
        }
    }

    @Test
    void aCapTakesExactlyThatManySpreadEvenlyOverTheDays() {
        List<LocalDate> days = s.days();
        TrainingDataRepository.Background all = data.background(days, 1000);
        TrainingDataRepository.Background capped = data.background(days, 7);
        assertThat(all.available()).isEqualTo(28);
        assertThat(capped.available()).isEqualTo(28);
        assertThat(capped.segments()).hasSize(7);
        // every 4th of the 28 in time order: both days are represented, in order, without repeats
        List<Long> allIds =
                all.segments().stream().map(AudioStitcher.Source::rawId).toList();
        List<Integer> positions =
                capped.segments().stream().map(x -> allIds.indexOf(x.rawId())).toList();
        assertThat(positions).containsExactly(0, 4, 8, 12, 16, 20, 24);
    }

    @Test
    void annotationCountsArePerChosenTagOnTheChosenDays() {
        assertThat(data.annotationCounts(s.days(), List.of(s.toneTag())))
                .containsOnlyKeys(s.toneTag())
                .containsEntry(s.toneTag(), 4L);
        assertThat(data.segmentCount(List.of(s.days().get(1)))).isEqualTo(2 * 2 * 2 + 10);
        assertThat(data.segmentCount(List.of(s.days().get(1).plusDays(1)))).isZero();
    }

    @Test
    void withoutChosenTagsEveryAnnotationOfTheDaysCounts() {
        List<TrainingDataRepository.Annot> chosen = data.annotations(s.days(), List.of(s.toneTag(), s.noiseTag()));
        assertThat(chosen).hasSize(8);
        assertThat(data.annotations(s.days(), null)).containsAll(chosen);
    }

    @Test
    void theDayOverviewCountsSegmentsAndAnnotationsPerTagOfEachDay() {
        LocalDate day = s.days().get(1);
        assertThat(data.segmentsPerDay()).contains(new TrainingDataRepository.DaySegments(day, 2 * 2 * 2 + 10));
        assertThat(data.annotationsPerDayAndTag())
                .contains(
                        new TrainingDataRepository.DayTagAnnotations(day, s.toneTag(), 2),
                        new TrainingDataRepository.DayTagAnnotations(day, s.noiseTag(), 2));
    }
}
