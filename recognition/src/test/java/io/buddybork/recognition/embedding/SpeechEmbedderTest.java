package io.buddybork.recognition.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.recognition.testaudio.Synth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SpeechEmbedderTest {

    private final SpeechEmbedder embedder = new SpeechEmbedder(30);

    private static short[] bark(int rate, long seed) {
        short[] quiet = Synth.noise(3.0, rate, 0.002, seed);
        return Synth.burstIn(quiet, Synth.classSound(450, 6, 3, 0.6, rate, seed), rate);
    }

    @Test
    void theMelFrontEndMakes32BandsEvery10Ms() {
        float[] oneSecond = Resampler.of(44_100, 16_000).apply(Synth.tone(800, 1.0, 44_100, 0.3), 0, 44_100);
        float[][] mel = embedder.melFrames(oneSecond);
        assertThat(mel.length).isEqualTo(97); // openWakeWord's model: samples / 160 - 3
        assertThat(mel[0]).hasSize(SpeechEmbedder.MEL_BANDS);
        // A tone at 800 Hz: its band is louder than the top band.
        float[] mid = mel[50];
        assertThat(max(mid)).isGreaterThan(mid[SpeechEmbedder.MEL_BANDS - 1] + 1f);
    }

    private static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    @Test
    void aSegmentBecomesMeanAndStdOf96dWindowEmbeddings() {
        float[] v = embedder.embed(bark(44_100, 1), 0, 3 * 44_100, 44_100);
        assertThat(v).hasSize(192);
        assertThat(embedder.names()).hasSize(192).startsWith("speech:mean0").endsWith("speech:std95");
        for (float x : v) {
            assertThat(Float.isFinite(x)).isTrue();
        }
        // Standard deviations are not negative and not all zero for a segment with an event in it.
        float stdSum = 0;
        for (int i = 96; i < 192; i++) {
            assertThat(v[i]).isGreaterThanOrEqualTo(0f);
            stdSum += v[i];
        }
        assertThat(stdSum).isPositive();
    }

    @Test
    void embeddingIsDeterministicAndNearlyIndependentOfTheInputRate() {
        short[] at44 = bark(44_100, 2);
        float[] a = embedder.embed(at44, 0, at44.length, 44_100);
        float[] b = embedder.embed(at44, 0, at44.length, 44_100);
        assertThat(b).containsExactly(a);
        short[] at16 = bark(16_000, 2);
        float[] c = embedder.embed(at16, 0, at16.length, 16_000);
        assertThat(cosine(a, c)).isGreaterThan(0.95);
        short[] other = Synth.noise(3.0, 44_100, 0.5, 9);
        assertThat(cosine(a, embedder.embed(other, 0, other.length, 44_100))).isLessThan(cosine(a, c));
    }

    @Test
    void shortAndSilentInputStillGivesAFiniteVector() {
        for (short[] pcm : List.of(new short[0], new short[4_000], Synth.tone(300, 0.2, 44_100, 0.5))) {
            float[] v = embedder.embed(pcm, 0, pcm.length, 44_100);
            assertThat(v).hasSize(192);
            for (float x : v) {
                assertThat(Float.isFinite(x)).isTrue();
            }
        }
    }

    @Test
    void concurrentCallsShareOneSessionAndGiveTheSequentialResults() throws Exception {
        List<short[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inputs.add(bark(44_100, 10 + i));
            expected.add(embedder.embed(inputs.get(i), 0, inputs.get(i).length, 44_100));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (short[] in : inputs) {
                    futures.add(pool.submit(() -> new SpeechEmbedder(30).embed(in, 0, in.length, 44_100)));
                }
            }
            for (int f = 0; f < futures.size(); f++) {
                assertThat(futures.get(f).get()).containsExactly(expected.get(f % inputs.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theIdentityNamesTheStageVersionAndBothModelChecksums() {
        assertThat(SpeechEmbedder.stageIdentity()).isEqualTo("oww-speech-e2-ba2b0e0f70d16429");
        assertThat(embedder.identity()).isEqualTo(SpeechEmbedder.stageIdentity());
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }
}
