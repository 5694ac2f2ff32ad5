package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.model.ExampleWindows.Window;
import org.junit.jupiter.api.Test;

/** The annotation-to-window rule. */
class ExampleWindowsTest {

    @Test
    void aShortAnnotationIsCentredInOneWindow() {
        assertThat(ExampleWindows.of(10_000, 11_000, 3000)).containsExactly(new Window(9_000, 12_000));
        // odd difference: the extra millisecond goes after the span
        assertThat(ExampleWindows.of(10_000, 10_999, 3000)).containsExactly(new Window(9_000, 12_000));
    }

    @Test
    void anAnnotationOfExactlyOneWindowIsThatWindow() {
        assertThat(ExampleWindows.of(6_000, 9_000, 3000)).containsExactly(new Window(6_000, 9_000));
    }

    @Test
    void aLongAnnotationIsCoveredByWindowsInsideIt() {
        assertThat(ExampleWindows.of(0, 6_000, 3000)).containsExactly(new Window(0, 3_000), new Window(3_000, 6_000));
        // 4 s: two windows, first at the start, last at the end, overlapping
        assertThat(ExampleWindows.of(0, 4_000, 3000)).containsExactly(new Window(0, 3_000), new Window(1_000, 4_000));
        // 7 s: three windows spread evenly
        assertThat(ExampleWindows.of(0, 7_000, 3000))
                .containsExactly(new Window(0, 3_000), new Window(2_000, 5_000), new Window(4_000, 7_000));
        assertThat(ExampleWindows.of(1_000, 16_000, 3000)).hasSize(5).allSatisfy(w -> {
            assertThat(w.lengthMs()).isEqualTo(3000);
            assertThat(w.startMs()).isBetween(1_000L, 13_000L);
        });
    }

    @Test
    void emptySpansAreRefused() {
        assertThatThrownBy(() -> ExampleWindows.of(5, 5, 3000)).isInstanceOf(IllegalArgumentException.class);
    }
}
