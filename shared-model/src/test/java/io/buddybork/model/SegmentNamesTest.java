package io.buddybork.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SegmentNamesTest {

    @Test
    void pathIsDeviceThenUtcDateThenStartMillis() {
        // 2024-11-24T23:59:59.999Z
        assertThat(SegmentNames.relativePath(7, 1_732_492_799_999L)).isEqualTo("raw/7/2024/11/24/1732492799999.wav");
        assertThat(SegmentNames.relativePath(7, 1_732_492_800_000L)).isEqualTo("raw/7/2024/11/25/1732492800000.wav");
    }

    @Test
    void fileNameRoundTrips() {
        assertThat(SegmentNames.parseFileName(SegmentNames.fileName(1_732_480_000_123L)))
                .isEqualTo(1_732_480_000_123L);
    }

    @Test
    void refusesPathTricksAndNonDigits() {
        for (String bad : new String[] {
            "../1732480000000",
            "1732480000000/..",
            "-1",
            "1e12",
            "",
            " 1732480000000",
            "1732480000000%2F",
            "99999999999999999999"
        }) {
            assertThatThrownBy(() -> SegmentNames.parseStartMs(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SegmentNames.parseFileName("../../etc/passwd.wav"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTimesBefore2000() {
        assertThatThrownBy(() -> SegmentNames.parseStartMs("946684799999")).hasMessageContaining("before 2000-01-01");
        assertThat(SegmentNames.parseStartMs("946684800000")).isEqualTo(946_684_800_000L);
    }
}
