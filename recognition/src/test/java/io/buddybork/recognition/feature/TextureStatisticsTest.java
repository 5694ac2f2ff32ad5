package io.buddybork.recognition.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.testaudio.Synth;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextureStatisticsTest {

    private static final int RATE = 44_100;
    private final FeatureConfig config = FeatureConfig.defaults();
    private final TextureStatistics texture = new TextureStatistics(new HandcraftedStatistics(config));

    private float at(float[] v, String name) {
        int i = texture.names().indexOf(name);
        assertThat(i).as(name).isNotNegative();
        return v[i];
    }

    /** Noise whose amplitude follows {@code 1 + depth sin(2 pi hz t)}. */
    private static short[] modulatedNoise(double hz, double depth, double amplitude, long seed) {
        short[] noise = Synth.noise(3, RATE, amplitude, seed);
        for (int i = 0; i < noise.length; i++) {
            double gain = (1 + depth * Math.sin(2 * Math.PI * hz * i / RATE)) / (1 + depth);
            noise[i] = (short) Math.round(noise[i] * gain);
        }
        return noise;
    }

    private static short[] scaled(short[] pcm, double gain) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = (short) Math.round(pcm[i] * gain);
        }
        return out;
    }

    @Test
    void everyEntryIsNamedOnceAndTheVectorHasOneValuePerName() {
        List<String> names = texture.names();
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
        // 5 groups of 8 mel bands and the broadband envelope, 11 values each, and 10 group pairs.
        assertThat(names).hasSize(6 * 11 + 10);
        float[] v = texture.embed(Synth.noise(3, RATE, 0.3, 1), 0, 3 * RATE, RATE);
        assertThat(v).hasSize(names.size());
        assertThat(FeatureStages.names(TextureStatistics.STAGE, config)).isEqualTo(names);
    }

    @Test
    void theRecordingLevelDoesNotMoveAnyEntry() {
        short[] loud = modulatedNoise(5, 0.8, 0.5, 2);
        float[] a = texture.embed(loud, 0, loud.length, RATE);
        float[] b = texture.embed(scaled(loud, 0.05), 0, loud.length, RATE);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).as(texture.names().get(i)).isCloseTo(a[i], within(0.05f));
        }
    }

    @Test
    void amplitudeModulationAtFourHertzFallsInTheThreeToSixHertzBand() {
        short[] pcm = modulatedNoise(4, 1.0, 0.5, 3);
        float[] v = texture.embed(pcm, 0, pcm.length, RATE);
        float mod3 = at(v, "texture_all_mod3");
        for (String other : List.of("mod05", "mod1", "mod6", "mod12", "mod24")) {
            assertThat(mod3).as(other).isGreaterThan(at(v, "texture_all_" + other) + 0.5f);
        }
        // Steady noise has no such peak: its slow bands hold less of the modulation.
        short[] steady = Synth.noise(3, RATE, 0.5, 3);
        float[] s = texture.embed(steady, 0, steady.length, RATE);
        assertThat(at(s, "texture_all_mod3")).isLessThan(mod3 - 0.3f);
    }

    @Test
    void sparseBurstsHaveHeavierEnvelopeTailsThanSteadyNoise() {
        short[] bursts = Synth.noise(3, RATE, 0.001, 4);
        for (int at = RATE / 4; at < bursts.length - RATE / 20; at += RATE / 2) {
            bursts = Synth.burstIn(bursts, Synth.noise(0.03, RATE, 0.6, at), at);
        }
        short[] steady = Synth.noise(3, RATE, 0.3, 4);
        float[] b = texture.embed(bursts, 0, bursts.length, RATE);
        float[] s = texture.embed(steady, 0, steady.length, RATE);
        assertThat(at(b, "texture_all_cv")).isGreaterThan(at(s, "texture_all_cv") * 3);
        assertThat(at(b, "texture_all_logkurt")).isGreaterThan(at(s, "texture_all_logkurt") + 1);
        assertThat(at(b, "texture_all_skew")).isGreaterThan(at(s, "texture_all_skew") + 1);
    }

    @Test
    void clicksEveryQuarterSecondArePeriodicAtThatLagAndSteadyNoiseIsNot() {
        short[] clicks = Synth.noise(3, RATE, 0.001, 10);
        for (int at = RATE / 8; at < clicks.length - RATE / 50; at += RATE / 4) {
            clicks = Synth.burstIn(clicks, Synth.noise(0.01, RATE, 0.7, at), at);
        }
        float[] c = texture.embed(clicks, 0, clicks.length, RATE);
        assertThat(at(c, "texture_all_periodicity")).isGreaterThan(0.8f);
        // log10 of the lag in seconds: the period or a multiple of it (the unbiased autocorrelation
        // of a periodic envelope is as high at every multiple), within a frame (11.6 ms)
        double lag = Math.pow(10, at(c, "texture_all_period"));
        assertThat(lag / 0.25 - Math.rint(lag / 0.25)).isCloseTo(0.0, within(0.06));
        assertThat(lag).isBetween(0.24, 1.01);
        short[] steady = Synth.noise(3, RATE, 0.3, 10);
        float[] s = texture.embed(steady, 0, steady.length, RATE);
        assertThat(at(s, "texture_all_periodicity")).isLessThan(0.3f);
    }

    @Test
    void bandsModulatedTogetherCorrelateAndIndependentBandsDoNot() {
        short[] together = modulatedNoise(3, 1.0, 0.5, 5);
        float[] t = texture.embed(together, 0, together.length, RATE);
        assertThat(at(t, "texture_corr_g0_g4")).isGreaterThan(0.8f);
        // Low tone pulsing at 3 Hz, high noise pulsing at 7 Hz: the two groups move apart.
        short[] low = Synth.tone(120, 3, RATE, 0.4);
        short[] high = Synth.noise(3, RATE, 0.3, 6);
        short[] mix = new short[low.length];
        for (int i = 0; i < mix.length; i++) {
            double a = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * i / RATE);
            double b = 0.5 + 0.5 * Math.sin(2 * Math.PI * 7 * i / RATE + 1);
            mix[i] = (short) Math.round(low[i] * a + high[i] * b);
        }
        float[] m = texture.embed(mix, 0, mix.length, RATE);
        assertThat(Math.abs(at(m, "texture_corr_g0_g4"))).isLessThan(0.3f);
    }

    @Test
    void silenceAndVeryShortInputGiveFiniteVectors() {
        for (short[] pcm : List.of(new short[3 * RATE], new short[100], Synth.tone(440, 0.01, RATE, 0.5))) {
            float[] v = texture.embed(pcm, 0, pcm.length, RATE);
            assertThat(v).hasSize(texture.names().size());
            for (float x : v) {
                assertThat(Float.isFinite(x)).isTrue();
            }
        }
    }

    @Test
    void aSubRangeEqualsTheCopiedRangeAndOtherRatesWork() {
        short[] pcm = modulatedNoise(6, 0.7, 0.4, 7);
        float[] range = texture.embed(pcm, RATE / 2, RATE * 2, RATE);
        float[] copy =
                texture.embed(java.util.Arrays.copyOfRange(pcm, RATE / 2, RATE / 2 + 2 * RATE), 0, 2 * RATE, RATE);
        assertThat(range).containsExactly(copy);
        short[] at16k = Synth.noise(3, 16_000, 0.3, 8);
        assertThat(texture.embed(at16k, 0, at16k.length, 16_000))
                .hasSize(texture.names().size());
    }

    @Test
    void theExtractorConcatenatesTheStageAfterTheStatistics() {
        FeatureConfig withTexture = FeatureConfig.statisticsOnly().withStages(List.of("stats", "texture"));
        FeatureExtractor extractor = new FeatureExtractor(withTexture);
        short[] pcm = modulatedNoise(2, 0.9, 0.3, 9);
        float[] v = extractor.extract(pcm, RATE);
        assertThat(v).hasSize(257 + texture.names().size());
        assertThat(java.util.Arrays.copyOfRange(v, 257, v.length))
                .containsExactly(texture.embed(pcm, 0, pcm.length, RATE));
        assertThat(extractor.layout().names().get(257)).isEqualTo("texture_g0_cv");
        assertThat(withTexture.fingerprint()).endsWith("+stats+texture" + TextureStatistics.VERSION);
    }
}
