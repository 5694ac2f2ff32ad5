package io.buddybork.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AmplitudeStatsTest {

    @Test
    void minus40DbfsIs328() {
        assertThat(AmplitudeStats.dbfsToAmplitude(-40)).isEqualTo(328);
        assertThat(AmplitudeStats.dbfsToAmplitude(0)).isEqualTo(32_768);
        assertThat(AmplitudeStats.amplitudeToDbfs(328)).isCloseTo(-40.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void maxAbsCountsMostNegativeSampleAsFullScale() {
        assertThat(AmplitudeStats.maxAbs(new short[] {3, -7, 5})).isEqualTo(7);
        assertThat(AmplitudeStats.maxAbs(new short[] {Short.MIN_VALUE, 0})).isEqualTo(32_768);
        assertThat(AmplitudeStats.maxAbs(new short[0])).isZero();
        assertThat(AmplitudeStats.maxAbs(new short[] {100, 9, 200}, 1, 1)).isEqualTo(9);
    }
}
