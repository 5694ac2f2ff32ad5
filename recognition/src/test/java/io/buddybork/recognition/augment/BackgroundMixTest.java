package io.buddybork.recognition.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.testaudio.Synth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackgroundMixTest {

    private static final int RATE = 44_100;

    @ParameterizedTest
    @ValueSource(doubles = {0, 6, 12, 20})
    void mixingAtAnSnrGivesThatEnergyRatioOfSignalToAddedBackground(double snrDb) {
        short[] signal = Synth.tone(440, 1.0, RATE, 0.2);
        short[] background = Synth.noise(1.0, RATE, 0.3, 7);
        short[] mixed = BackgroundMix.mix(signal, background, 0, 0, snrDb, 0);
        short[] added = new short[mixed.length];
        for (int i = 0; i < added.length; i++) {
            added[i] = (short) (mixed[i] - signal[i]);
        }
        double ratioDb = 10 * Math.log10(BackgroundMix.energy(signal) / BackgroundMix.energy(added));
        assertThat(ratioDb).isCloseTo(snrDb, within(0.05));
    }

    @Test
    void theGainScalesTheWholeMix() {
        short[] signal = Synth.tone(300, 0.5, RATE, 0.1);
        short[] background = Synth.noise(0.5, RATE, 0.1, 3);
        double e0 = BackgroundMix.energy(BackgroundMix.mix(signal, background, 0, 0, 10, 0));
        double e6 = BackgroundMix.energy(BackgroundMix.mix(signal, background, 0, 0, 10, 6));
        assertThat(10 * Math.log10(e6 / e0)).isCloseTo(6, within(0.05));
    }

    @Test
    void theGainIsLoweredSoTheMixDoesNotClip() {
        short[] signal = Synth.tone(300, 0.5, RATE, 0.9);
        short[] mixed = BackgroundMix.mix(signal, new short[0], 0, 0, 10, 12);
        int peak = 0;
        for (short s : mixed) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertThat(peak).isEqualTo(Short.MAX_VALUE);
        // Not clipped: the waveform is the scaled signal.
        assertThat(BackgroundMix.energy(mixed) / BackgroundMix.energy(signal))
                .isCloseTo(Math.pow(32767.0 / 0.9 / 32767, 2), within(0.01));
    }

    @Test
    void theSignalIsShiftedCircularlyAndTheBackgroundWraps() {
        short[] signal = {1000, 2000, 3000, 4000};
        short[] shifted = BackgroundMix.mix(signal, new short[0], 0, 1, 0, 0);
        assertThat(shifted).containsExactly(2000, 3000, 4000, 1000);
        short[] background = {100, -100};
        short[] mixed = BackgroundMix.mix(signal, background, 1, 0, 0, 0);
        // Background read from offset 1 and wrapped: -100, 100, -100, 100, scaled to the signal's energy.
        assertThat(mixed[0]).isLessThan(signal[0]);
        assertThat(mixed[1]).isGreaterThan(signal[1]);
        assertThat(mixed[2]).isLessThan(signal[2]);
        assertThat(mixed[3]).isGreaterThan(signal[3]);
    }

    @Test
    void silenceAddsNothingAndStaysSilent() {
        short[] signal = Synth.tone(300, 0.1, RATE, 0.1);
        assertThat(BackgroundMix.mix(signal, new short[100], 0, 0, 0, 0)).isEqualTo(signal);
        assertThat(BackgroundMix.mix(new short[50], Synth.noise(0.1, RATE, 0.5, 1), 0, 0, 0, 0))
                .isEqualTo(new short[50]);
    }
}
