package io.buddybork.recognition.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.testaudio.Synth;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private static final int RATE = 44_100;
    private final FeatureConfig config = FeatureConfig.defaults();
    private final FeatureExtractor extractor = new FeatureExtractor(config);

    private int index(String name) {
        int i = extractor.layout().names().indexOf(name);
        assertThat(i).as(name).isNotNegative();
        return i;
    }

    @Test
    void aPureToneLandsInTheMelBandWhoseCentreIsNearest() {
        MelFilterbank fb = extractor.filterbank(RATE);
        for (double f : new double[] {300, 1000, 2500, 7000}) {
            FrameFeatures frames = extractor.frames(Synth.tone(f, 0.5, RATE, 0.5), RATE);
            float[] row = frames.logMel()[5];
            int best = 0;
            for (int m = 1; m < row.length; m++) {
                if (row[m] > row[best]) {
                    best = m;
                }
            }
            int nearest = 0;
            for (int m = 1; m < fb.bands(); m++) {
                if (Math.abs(fb.centreHz(m) - f) < Math.abs(fb.centreHz(nearest) - f)) {
                    nearest = m;
                }
            }
            assertThat(best).as("tone %.0f Hz", f).isEqualTo(nearest);
        }
    }

    /** Independent reference: naive DFT, dense triangle filters from the mel formula, ortho DCT-II. */
    @Test
    void mfccOfAKnownSignalMatchesTheReferenceFormula() {
        short[] pcm = new short[4096];
        for (int i = 0; i < pcm.length; i++) {
            double t = i / (double) RATE;
            pcm[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * t)
                    + 4000 * Math.sin(2 * Math.PI * 3100 * t)
                    + 1000 * Math.cos(2 * Math.PI * 9000 * t));
        }
        FrameFeatures frames = extractor.frames(pcm, RATE);
        int n = config.fftSize(RATE);
        int hop = config.hopSize(RATE);
        int bands = config.melBands();
        for (int frame : new int[] {0, 3}) {
            double[] power = new double[n / 2 + 1];
            for (int k = 0; k <= n / 2; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < n; i++) {
                    double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
                    double x = pcm[frame * hop + i] / 32768.0 * w;
                    re += x * Math.cos(2 * Math.PI * k * i / n);
                    im -= x * Math.sin(2 * Math.PI * k * i / n);
                }
                power[k] = (re * re + im * im) / n;
            }
            double lo = 2595 * Math.log10(1 + config.minHz() / 700);
            double hi = 2595 * Math.log10(1 + config.maxHz() / 700);
            double[] logMel = new double[bands];
            for (int m = 0; m < bands; m++) {
                double a = 700 * (Math.pow(10, (lo + (hi - lo) * m / (bands + 1)) / 2595) - 1);
                double b = 700 * (Math.pow(10, (lo + (hi - lo) * (m + 1) / (bands + 1)) / 2595) - 1);
                double c = 700 * (Math.pow(10, (lo + (hi - lo) * (m + 2) / (bands + 1)) / 2595) - 1);
                double e = 0;
                for (int k = 0; k <= n / 2; k++) {
                    double f = k * (double) RATE / n;
                    double w = f <= a || f >= c ? 0 : f <= b ? (f - a) / (b - a) : (c - f) / (c - b);
                    e += w * power[k];
                }
                logMel[m] = 10 * Math.log10(e + 1e-10);
                assertThat((double) frames.logMel()[frame][m]).isCloseTo(logMel[m], within(0.02));
            }
            for (int k = 0; k < config.mfccCount(); k++) {
                double sum = 0;
                for (int m = 0; m < bands; m++) {
                    sum += logMel[m] * Math.cos(Math.PI * k * (2 * m + 1) / (2.0 * bands));
                }
                double expected = sum * (k == 0 ? Math.sqrt(1.0 / bands) : Math.sqrt(2.0 / bands));
                assertThat((double) frames.mfcc()[frame][k])
                        .as("c%d frame %d", k, frame)
                        .isCloseTo(expected, within(0.02));
            }
        }
    }

    @Test
    void silenceGivesAFiniteVector() {
        float[] v = extractor.extract(new short[3 * RATE], RATE);
        assertThat(v).hasSize(config.vectorLength());
        for (float x : v) {
            assertThat(Float.isFinite(x)).isTrue();
        }
        assertThat(v[index("energy_db_mean")]).isLessThan(-90f);
        assertThat(v[index("centroid_khz_mean")]).isZero();
    }

    @Test
    void clippedFullScaleAudioIsHandled() {
        short[] clipped = Synth.tone(200, 1, RATE, 4.0);
        for (int i = 0; i < clipped.length; i++) {
            double x = 4.0 * Math.sin(2 * Math.PI * 200 * i / RATE);
            clipped[i] = (short) (x > 1 ? 32767 : x < -1 ? -32768 : Math.round(x * 32767));
        }
        float[] v = extractor.extract(clipped, RATE);
        for (float x : v) {
            assertThat(Float.isFinite(x)).isTrue();
        }
        assertThat(v[index("energy_db_mean")]).isCloseTo(0f, within(0.5f));
        // Clipping a 200 Hz sine into a square wave spreads energy into odd harmonics.
        float[] clean = extractor.extract(Synth.tone(200, 1, RATE, 0.5), RATE);
        assertThat(v[index("centroid_khz_mean")]).isGreaterThan(clean[index("centroid_khz_mean")] * 1.2f);
    }

    @Test
    void aShortBurstInSilenceDominatesTheSegmentVector() {
        short[] burst = Synth.classSound(600, 5, 0, 0.3, RATE, 7);
        short[] quiet = Synth.noise(3, RATE, 0.0005, 1);
        float[] inQuiet = extractor.extract(Synth.burstIn(quiet, burst, RATE), RATE);
        float[] alone = extractor.extract(burst, RATE);
        float[] silent = extractor.extract(quiet, RATE);
        int mel = index("logmel8_mean");
        int centroid = index("centroid_khz_mean");
        assertThat(inQuiet[index("active_fraction")]).isLessThan(0.2f);
        assertThat(inQuiet[mel]).isCloseTo(alone[mel], within(3f));
        assertThat(Math.abs(inQuiet[mel] - alone[mel])).isLessThan(Math.abs(silent[mel] - alone[mel]) / 5);
        assertThat(inQuiet[centroid]).isCloseTo(alone[centroid], within(0.3f));
    }

    @Test
    void anyLengthAndOtherSampleRatesGiveVectorsOfTheSameLength() {
        int size = config.vectorLength();
        assertThat(extractor.extract(new short[10], RATE)).hasSize(size);
        assertThat(extractor.extract(Synth.tone(440, 5, RATE, 0.3), RATE)).hasSize(size);
        assertThat(extractor.extract(Synth.tone(440, 61, RATE, 0.3), RATE)).hasSize(size);
        float[] at16k = extractor.extract(Synth.tone(1000, 1, 16_000, 0.3), 16_000);
        float[] at44k = extractor.extract(Synth.tone(1000, 1, RATE, 0.3), RATE);
        assertThat(at16k).hasSize(size);
        assertThat(at16k[index("centroid_khz_mean")]).isCloseTo(1.0f, within(0.1f));
        assertThat(at44k[index("centroid_khz_mean")]).isCloseTo(1.0f, within(0.1f));
        assertThat(extractor.layout().names()).doesNotHaveDuplicates();
    }

    @Test
    void aSubRangeEqualsTheCopiedRange() {
        short[] pcm = Synth.noise(5, RATE, 0.3, 3);
        short[] middle = java.util.Arrays.copyOfRange(pcm, RATE, 4 * RATE);
        assertThat(extractor.extract(pcm, RATE, 3 * RATE, RATE)).containsExactly(extractor.extract(middle, RATE));
    }

    @Test
    void concurrentExtractionGivesTheSameVectorsAsSequential() throws Exception {
        List<short[]> clips = IntStream.range(0, 8)
                .mapToObj(i -> Synth.classSound(200 + 100 * i, 4, i, 1.5, RATE, i))
                .toList();
        List<float[]> expected =
                clips.stream().map(c -> extractor.extract(c, RATE)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = clips.stream()
                    .map(c -> pool.submit(() -> extractor.extract(c, RATE)))
                    .toList();
            for (int i = 0; i < clips.size(); i++) {
                assertThat(futures.get(i).get()).containsExactly(expected.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAConfigOfAnotherVersion() {
        FeatureConfig old = new FeatureConfig(0, 0.0232, 0.5, 40, 20, 50, 14_000, 30, 4);
        assertThatThrownBy(() -> new FeatureExtractor(old)).hasMessageContaining("version 0");
        assertThat(FeatureConfig.defaults().fingerprint()).startsWith("v" + FeatureConfig.CURRENT_VERSION + "-");
    }

    @Test
    void theDefaultVectorIsTheStatisticsThenTheSpeechEmbeddingThenTheTexture() {
        assertThat(config.stages()).containsExactly("stats", "oww-speech", "texture");
        assertThat(config.vectorLength()).isEqualTo(257 + 192 + 76);
        assertThat(extractor.layout().names().get(257)).isEqualTo("speech:mean0");
        assertThat(extractor.layout().names().get(257 + 192)).isEqualTo("texture_g0_cv");
        short[] pcm = Synth.burstIn(Synth.noise(3, RATE, 0.001, 3), Synth.classSound(500, 4, 2, 0.5, RATE, 4), RATE);
        float[] v = extractor.extract(pcm, RATE);
        float[] stats = extractor.statistics().extract(pcm, 0, pcm.length, RATE);
        float[] speech = new io.buddybork.recognition.embedding.SpeechEmbedder(config.activeRangeDb())
                .embed(pcm, 0, pcm.length, RATE);
        float[] texture = new TextureStatistics(extractor.statistics()).embed(pcm, 0, pcm.length, RATE);
        assertThat(java.util.Arrays.copyOfRange(v, 0, 257)).containsExactly(stats);
        assertThat(java.util.Arrays.copyOfRange(v, 257, 257 + 192)).containsExactly(speech);
        assertThat(java.util.Arrays.copyOfRange(v, 257 + 192, v.length)).containsExactly(texture);
        assertThat(new FeatureExtractor(FeatureConfig.statisticsOnly()).extract(pcm, RATE))
                .containsExactly(stats);
    }

    @Test
    void theFingerprintNamesEveryStageWithItsVersionAndChangesWithThem() {
        String full = config.fingerprint();
        assertThat(full)
                .isEqualTo("v2-f0.0232-h0.5-m40-c20-50-14000-a30-n4+stats+oww-speech-e2-ba2b0e0f70d16429+texture2");
        assertThat(FeatureConfig.statisticsOnly().fingerprint())
                .isEqualTo("v2-f0.0232-h0.5-m40-c20-50-14000-a30-n4+stats");
        assertThat(config.withStages(java.util.List.of("oww-speech", "stats")).fingerprint())
                .isNotEqualTo(full);
        assertThat(new FeatureConfig(2, 0.0232, 0.5, 40, 20, 50, 14_000, 25, 4, FeatureConfig.DEFAULT_STAGES)
                        .fingerprint())
                .isNotEqualTo(full);
        // The constructor of version 1 callers still means the statistics alone.
        assertThat(new FeatureConfig(2, 0.0232, 0.5, 40, 20, 50, 14_000, 30, 4).stages())
                .containsExactly("stats");
        assertThatThrownBy(() -> config.withStages(java.util.List.of("stats", "stats")))
                .hasMessageContaining("repeat");
    }

    @Test
    void versionOneMetadataWithoutStagesReadsAsTheStatisticsAlone() throws Exception {
        String json = "{\"version\":1,\"frameSeconds\":0.0232,\"hopFraction\":0.5,\"melBands\":40,\"mfccCount\":20,"
                + "\"minHz\":50,\"maxHz\":14000,\"activeRangeDb\":30,\"minActiveFrames\":4}";
        FeatureConfig old = io.buddybork.recognition.model.ModelStore.json().readValue(json, FeatureConfig.class);
        assertThat(old.stages()).containsExactly("stats");
        assertThat(old.vectorLength()).isEqualTo(257);
        assertThatThrownBy(() -> new FeatureExtractor(old)).hasMessageContaining("version 1");
    }
}
