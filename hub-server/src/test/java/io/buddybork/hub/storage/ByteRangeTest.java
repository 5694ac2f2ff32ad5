package io.buddybork.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.problem.ProblemException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void oneRangeIsReadInclusiveAndClippedToTheEnd() {
        assertThat(ByteRange.of("bytes=0-0", null, 10)).contains(new ByteRange(0, 0, 10));
        assertThat(ByteRange.of("bytes=2-5", null, 10).map(ByteRange::length)).contains(4L);
        assertThat(ByteRange.of("bytes=8-100", null, 10)).contains(new ByteRange(8, 9, 10));
        assertThat(ByteRange.of("bytes=3-", null, 10)).contains(new ByteRange(3, 9, 10));
        assertThat(ByteRange.of("bytes=-4", null, 10)).contains(new ByteRange(6, 9, 10));
        assertThat(ByteRange.of("bytes=-40", null, 10)).contains(new ByteRange(0, 9, 10));
        assertThat(ByteRange.of(" Bytes=1-2 ", null, 10)).contains(new ByteRange(1, 2, 10));
        assertThat(new ByteRange(8, 9, 10).contentRange()).isEqualTo("bytes 8-9/10");
    }

    @Test
    void noHeaderSeveralRangesOtherUnitsNonsenseAndIfRangeMeanTheWholeObject() {
        for (String h : new String[] {
            null,
            "bytes=0-1,3-4",
            "items=0-1",
            "bytes=5-2",
            "bytes=a-b",
            "bytes=",
            "bytes=-",
            "bytes=1",
            "bytes=99999999999999999999-"
        }) {
            assertThat(ByteRange.of(h, null, 10)).as(String.valueOf(h)).isEmpty();
        }
        assertThat(ByteRange.of("bytes=0-1", "\"etag\"", 10)).isEmpty();
    }

    @Test
    void aRangeStartingAtOrPastTheEndOrAnEmptySuffixIs416WithTheSize() {
        for (String h : new String[] {"bytes=10-", "bytes=10-20", "bytes=-0"}) {
            assertThatThrownBy(() -> ByteRange.of(h, null, 10))
                    .as(h)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(416);
                        assertThat(e.problem().code()).isEqualTo("range-not-satisfiable");
                        assertThat(e.headers()).containsEntry("Content-Range", "bytes */10");
                    });
        }
        assertThatThrownBy(() -> ByteRange.of("bytes=-5", null, 0)).isInstanceOf(ProblemException.class);
    }

    @Test
    void aSliceIsThePartTheRangeNames() {
        byte[] b = {0, 1, 2, 3, 4};
        assertThat(ByteRange.slice(b, Optional.of(new ByteRange(1, 3, 5)))).containsExactly(1, 2, 3);
        assertThat(ByteRange.slice(b, Optional.empty())).isSameAs(b);
    }
}
