package io.buddybork.recognition.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.testaudio.Synth;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    /** Amplitude of the {@code hz} component of {@code x} at {@code rate} (single-bin DFT). */
    private static double amplitude(float[] x, int from, int to, double hz, int rate) {
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            re += x[i] * Math.cos(2 * Math.PI * hz * i / rate);
            im += x[i] * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    @Test
    void the441To16kConversionKeepsLengthFrequencyAndLevelOfAnInBandTone() {
        short[] tone = Synth.tone(1000, 1.0, 44_100, 0.5);
        float[] out = Resampler.of(44_100, 16_000).apply(tone, 0, tone.length);
        assertThat(out).hasSize(16_000);
        // Away from the edges the 1 kHz tone keeps its level (int16 scale) and nothing is left at other tones.
        assertThat(amplitude(out, 800, 15_200, 1000, 16_000)).isCloseTo(0.5 * 32767, within(0.01 * 32767));
        assertThat(amplitude(out, 800, 15_200, 3000, 16_000)).isLessThan(0.001 * 32767);
    }

    @Test
    void contentAboveTheTargetNyquistIsRemovedNotAliased() {
        // 11 kHz at 44.1 kHz would alias to 5 kHz at 16 kHz without the low-pass filter.
        short[] tone = Synth.tone(11_000, 1.0, 44_100, 0.5);
        float[] out = Resampler.of(44_100, 16_000).apply(tone, 0, tone.length);
        assertThat(amplitude(out, 800, 15_200, 5_000, 16_000)).isLessThan(0.001 * 32767);
    }

    @Test
    void aConstantStaysConstantAndTheSameRateIsACopy() {
        short[] dc = new short[4_410];
        java.util.Arrays.fill(dc, (short) 1000);
        float[] out = Resampler.of(44_100, 16_000).apply(dc, 0, dc.length);
        for (int i = 100; i < out.length - 100; i++) {
            assertThat(out[i]).isCloseTo(1000f, within(0.5f));
        }
        short[] x = Synth.noise(0.1, 16_000, 0.3, 1);
        float[] same = Resampler.of(16_000, 16_000).apply(x, 10, 100);
        for (int i = 0; i < 100; i++) {
            assertThat(same[i]).isEqualTo(x[10 + i]);
        }
    }

    @Test
    void upsamplingFrom8kAndOddRatesWork() {
        short[] tone = Synth.tone(500, 0.5, 8_000, 0.5);
        float[] up = Resampler.of(8_000, 16_000).apply(tone, 0, tone.length);
        assertThat(up).hasSize(8_000);
        assertThat(amplitude(up, 400, 7_600, 500, 16_000)).isCloseTo(0.5 * 32767, within(0.01 * 32767));
        short[] odd = Synth.tone(440, 0.2, 44_101, 0.5);
        assertThat(Resampler.of(44_101, 16_000).apply(odd, 0, odd.length))
                .hasSize((int) (odd.length * 16_000L / 44_101));
    }
}
