package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordingSessionsTest {

    private static final long MIN = 60_000L;

    @Test
    void annotationsOfOneTagCloserThanTheGapAreOneSessionAndLaterOnesAnother() {
        // tag 0: two annotations (one of two windows) 5 minutes apart, then one 2 hours later;
        // tag 1 interleaved with the first stretch; two background segments a day apart.
        int[] labels = {0, 0, 0, 1, 0, -1, -1};
        int[] groups = {10, 10, 11, 12, 13, 14, 15};
        long[] start = {0, 2_000, 5 * MIN, 2 * MIN, 125 * MIN, 3 * MIN, 1_440 * MIN};
        long[] end = {
            3_000, 5_000, 5 * MIN + 3_000, 2 * MIN + 3_000, 125 * MIN + 3_000, 3 * MIN + 3_000, 1_440 * MIN + 3_000
        };
        int[] s = RecordingSessions.of(labels, groups, start, end, RecordingSessions.GAP.toMillis());
        assertThat(s[0]).isEqualTo(s[1]).isEqualTo(s[2]);
        assertThat(s[4]).isNotEqualTo(s[0]);
        assertThat(s[3]).as("another tag is another session").isNotEqualTo(s[0]);
        assertThat(s[5]).isNotEqualTo(s[6]).isNotIn(s[0], s[3], s[4]);
    }

    @Test
    void aGroupKeepsOneSessionEvenWhenItsWindowsStraddleAGap() {
        int[] labels = {0, 0, 0};
        int[] groups = {1, 1, 2};
        long[] start = {0, 40 * MIN, 41 * MIN};
        long[] end = {3_000, 40 * MIN + 3_000, 41 * MIN + 3_000};
        int[] s = RecordingSessions.of(labels, groups, start, end, RecordingSessions.GAP.toMillis());
        assertThat(s).containsOnly(s[0]);
    }
}
