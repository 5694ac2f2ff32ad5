package io.buddybork.hub.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Reading {@code buddybork.time-zone}: region ids only, with a message that says what to write. */
class ZoneIdConverterTest {
    private final ZoneIdConverter converter = new ZoneIdConverter();

    @Test
    void readsRegionIds() {
        assertThat(converter.convert("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(converter.convert(" Pacific/Auckland ")).isEqualTo(ZoneId.of("Pacific/Auckland"));
        assertThat(converter.convert("UTC")).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void blankMeansTheSystemZone() {
        assertThat(converter.convert("  ")).isNull();
    }

    @Test
    void refusesUnknownIdsAndBareOffsetsNamingTheVariable() {
        for (String bad : new String[] {"Europe/Berln", "+02:00", "GMT+2", "CEST", "Z"}) {
            assertThatThrownBy(() -> converter.convert(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BUDDYBORK_TIME_ZONE")
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("Europe/Berlin");
        }
    }
}
