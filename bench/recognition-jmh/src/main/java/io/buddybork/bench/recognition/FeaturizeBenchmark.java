package io.buddybork.bench.recognition;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;
import be.tarsos.dsp.mfcc.MFCC;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Featurisation cost of one 3 s hub segment (132,300 samples at 44.1 kHz), single-threaded:
 * the default pipeline (hand-made statistics + openWakeWord speech embedding through ONNX Runtime),
 * the hand-made statistics alone, the speech embedding alone, and TarsosDSP's stock
 * AudioDispatcher + MFCC chain (2048/1024 framing) for scale. Real-time factor = 3000 ms / score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class FeaturizeBenchmark {

    private short[] segment;
    private float[] segmentFloat;
    private FeatureExtractor extractor;
    private FeatureExtractor defaults;
    private io.buddybork.recognition.embedding.SpeechEmbedder speech;
    private io.buddybork.recognition.feature.TextureStatistics texture;
    private io.buddybork.recognition.model.OpenSetModel model;
    private float[] vector;

    /** A segment with a harmonic "bark" burst over background noise. */
    @Setup
    public void setUp() {
        Random random = new Random(42);
        segment = new short[132_300];
        segmentFloat = new float[segment.length];
        for (int i = 0; i < segment.length; i++) {
            double t = i / 44_100.0;
            double burst = t > 1.0 && t < 1.4
                    ? 0.4 * Math.sin(2 * Math.PI * 600 * t) * Math.sin(Math.PI * (t - 1.0) / 0.4)
                    : 0;
            double v = burst + 0.02 * random.nextGaussian();
            segment[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
            segmentFloat[i] = segment[i] / 32768f;
        }
        extractor = new FeatureExtractor(FeatureConfig.statisticsOnly());
        texture = new io.buddybork.recognition.feature.TextureStatistics(
                new io.buddybork.recognition.feature.HandcraftedStatistics(FeatureConfig.statisticsOnly()));
        defaults = new FeatureExtractor(FeatureConfig.defaults());
        speech = new io.buddybork.recognition.embedding.SpeechEmbedder(
                FeatureConfig.defaults().activeRangeDb());
        model = liveModel(defaults.config());
        vector = defaults.extract(segment, 44_100);
    }

    /**
     * A default model as live detection holds it at its largest: 3 tags of 5 clips and the
     * 2,000 background vectors the background-relative score keeps at most. Scoring cost depends
     * on those counts and the vector length, not on what the vectors hold, so they are random.
     */
    static io.buddybork.recognition.model.OpenSetModel liveModel(FeatureConfig config) {
        Random random = new Random(7);
        int tags = 3;
        int perTag = 5;
        int background = 2_000;
        int n = tags * perTag + background;
        float[][] x = new float[n][config.vectorLength()];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < tags * perTag ? i / perTag : io.buddybork.recognition.model.TrainingSet.BACKGROUND;
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (float) (random.nextGaussian() + (labels[i] >= 0 ? labels[i] : 0));
            }
        }
        io.buddybork.recognition.model.TrainingSet set =
                io.buddybork.recognition.model.TrainingSet.of(java.util.List.of("a", "b", "c"), x, labels);
        return io.buddybork.recognition.model.OpenSetModel.train(
                set, config, io.buddybork.recognition.model.ModelConfig.defaults(), 1, java.time.ZoneOffset.UTC);
    }

    /** Buddybork hand-made statistics alone (log-mel, MFCC, deltas, spectral, statistics: 257 values). */
    @Benchmark
    public float[] buddyborkSegmentVector() {
        return extractor.extract(segment, 44_100);
    }

    /** The default segment vector: hand-made statistics + speech embedding + texture (257 + 192 + 76 values). */
    @Benchmark
    public float[] defaultPipeline() {
        return defaults.extract(segment, 44_100);
    }

    /**
     * What live detection does per segment: the default vector, the default model's scores and
     * decision (3 tags, 2,000 background vectors), and the novelty kept for "sounds worth labelling".
     */
    @Benchmark
    public double liveSegment() {
        return model.assess(defaults.extract(segment, 44_100), java.time.Instant.EPOCH, null)
                .novelty();
    }

    /** Scoring alone: the default model's decision and novelty for one vector. */
    @Benchmark
    public double scoreOnly() {
        return model.assess(vector, java.time.Instant.EPOCH, null).novelty();
    }

    /** The sound-texture stage alone (its own framing pass, envelopes, modulation spectra, periodicity: 76 values). */
    @Benchmark
    public float[] textureStatistics() {
        return texture.embed(segment, 0, segment.length, 44_100);
    }

    /** The speech embedding stage alone: resample to 16 kHz, ONNX mel front end, 28 windows, pooling. */
    @Benchmark
    public float[] speechEmbedding() {
        return speech.embed(segment, 0, segment.length, 44_100);
    }

    /** TarsosDSP stock: AudioDispatcher + MFCC (2048/1024, 40 bands, 20 coefficients), mean MFCC only. */
    @Benchmark
    public float[] tarsosStockMfcc() throws Exception {
        AudioDispatcher d = AudioDispatcherFactory.fromFloatArray(segmentFloat, 44_100, 2048, 1024);
        MFCC mfcc = new MFCC(2048, 44_100, 20, 40, 50, 14_000);
        float[] sum = new float[20];
        d.addAudioProcessor(mfcc);
        d.addAudioProcessor(new AudioProcessor() {
            @Override
            public boolean process(AudioEvent audioEvent) {
                float[] c = mfcc.getMFCC();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += c[i];
                }
                return true;
            }

            @Override
            public void processingFinished() {}
        });
        d.run();
        return sum;
    }
}
