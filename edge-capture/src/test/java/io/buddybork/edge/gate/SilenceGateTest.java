package io.buddybork.edge.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SilenceGateTest {

    @Test
    void defaultMinus40DbfsIsAmplitude328AndTheThresholdItselfPasses() {
        SilenceGate gate = SilenceGate.ofDbfs(SilenceGate.DEFAULT_DBFS);
        assertThat(gate.threshold()).isEqualTo(328);
        assertThat(gate.passes(327)).isFalse();
        assertThat(gate.passes(328)).isTrue();
        assertThat(gate.passes(32_768)).isTrue();
    }

    @Test
    void rawAmplitudeThresholdsAreValidated() {
        assertThat(new SilenceGate(0).passes(0)).isTrue();
        assertThatThrownBy(() -> new SilenceGate(-1)).hasMessageContaining("between 0 and 32768");
        assertThatThrownBy(() -> new SilenceGate(40_000)).hasMessageContaining("40000");
    }
}
