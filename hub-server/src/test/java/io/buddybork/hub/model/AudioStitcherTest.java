package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.model.AudioStitcher.Source;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stitching windows across segment boundaries and gaps (at 1 kHz so a sample is a millisecond). */
class AudioStitcherTest {
    private static final int RATE = 1000;

    private static short[] filled(int n, int value) {
        short[] s = new short[n];
        Arrays.fill(s, (short) value);
        return s;
    }

    private final Source a = new Source(1, 0, 3000, "a", RATE);
    private final Source b = new Source(2, 3000, 3000, "b", RATE);
    private final Source d = new Source(4, 9000, 3000, "d", RATE); // 6000..9000 is a gap
    private final Map<String, short[]> audio = Map.of("a", filled(3000, 1), "b", filled(3000, 2), "d", filled(3000, 4));

    @Test
    void aWindowAcrossASegmentBoundaryTakesEachPartFromItsSegment() throws Exception {
        AudioStitcher.Stitched s = AudioStitcher.stitch(1500, 4500, RATE, List.of(b, a, d), x -> audio.get(x.path()));
        assertThat(s.samples()).hasSize(3000);
        assertThat(s.samples()[0]).isEqualTo((short) 1);
        assertThat(s.samples()[1499]).isEqualTo((short) 1);
        assertThat(s.samples()[1500]).isEqualTo((short) 2);
        assertThat(s.samples()[2999]).isEqualTo((short) 2);
        assertThat(s.used()).extracting(Source::rawId).containsExactly(1L, 2L);
    }

    @Test
    void aGapIsSilenceNeverInvented() throws Exception {
        AudioStitcher.Stitched s = AudioStitcher.stitch(5000, 8000, RATE, List.of(a, b, d), x -> audio.get(x.path()));
        assertThat(s.samples()[999]).isEqualTo((short) 2);
        for (int i = 1000; i < 3000; i++) {
            assertThat(s.samples()[i]).isZero();
        }
        assertThat(s.used()).extracting(Source::rawId).containsExactly(2L);
    }

    @Test
    void aWindowWithNoStoredAudioIsNoExample() throws Exception {
        assertThat(AudioStitcher.stitch(6000, 9000, RATE, List.of(a, b, d), x -> audio.get(x.path())))
                .isNull();
    }

    @Test
    void segmentsOfAnotherRateAreLeftOut() throws Exception {
        Source other = new Source(5, 0, 3000, "a", 2 * RATE);
        assertThat(AudioStitcher.stitch(0, 3000, RATE, List.of(other), x -> audio.get(x.path())))
                .isNull();
    }

    @Test
    void overlappingIgnoresSegmentsThatOnlyTouch() {
        assertThat(AudioStitcher.overlapping(List.of(a, b, d), 3000, 6000)).containsExactly(b);
    }
}
