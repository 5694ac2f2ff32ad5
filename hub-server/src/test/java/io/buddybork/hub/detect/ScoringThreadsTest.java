package io.buddybork.hub.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How many scoring threads run, and how long one pauses for ingest, without a running hub. */
class ScoringThreadsTest {

    @Test
    void zeroThreadsMeansOnePerProcessorAndAnExplicitCountWins() {
        assertThat(DetectionPipeline.threadCount(0, 2)).isEqualTo(2);
        assertThat(DetectionPipeline.threadCount(0, 8)).isEqualTo(8);
        assertThat(DetectionPipeline.threadCount(0, 0)).isEqualTo(1);
        assertThat(DetectionPipeline.threadCount(3, 8)).isEqualTo(3);
    }

    @Test
    void aThreadPausesUpToMaxYieldThenScoresOne() {
        Duration max = Duration.ofSeconds(5);
        assertThat(DetectionPipeline.keepsPausing(0, max)).isTrue();
        assertThat(DetectionPipeline.keepsPausing(Duration.ofMillis(4_999).toNanos(), max))
                .isTrue();
        assertThat(DetectionPipeline.keepsPausing(Duration.ofSeconds(5).toNanos(), max))
                .isFalse();
    }

    @Test
    void withoutMaxYieldAThreadPausesAsLongAsIngestIsBusy() {
        assertThat(DetectionPipeline.keepsPausing(Duration.ofHours(1).toNanos(), Duration.ZERO))
                .isTrue();
    }
}
