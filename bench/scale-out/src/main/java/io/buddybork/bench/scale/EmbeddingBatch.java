package io.buddybork.bench.scale;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.recognition.embedding.OnnxModels;
import io.buddybork.recognition.embedding.Resampler;
import io.buddybork.recognition.embedding.SpeechEmbedder;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether batching the speech embedding's ONNX inference across segments raises segments/s per
 * core (issue 22): times {@link SpeechEmbedder#embed} one segment at a time (all windows of a
 * segment in one call, as the hub does) against the same mel front end per segment with the
 * embedding model run once for the windows of B segments. Sessions are single-threaded (as in the
 * hub), so wall time on an idle core is CPU time; the process CPU time is printed as well, since a
 * loaded machine stretches wall time. Usage: {@code java -cp scale-out.jar
 * io.buddybork.bench.scale.EmbeddingBatch [segments] [rounds]}.
 */
public final class EmbeddingBatch {
    private static final String EMBEDDING = "/io/buddybork/recognition/embedding/openwakeword/embedding_model.onnx";
    private static final String EMBEDDING_SHA256 = "70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f";
    private static final int WINDOW_FRAMES = SpeechEmbedder.WINDOW_FRAMES;
    private static final int STEP = SpeechEmbedder.STEP_FRAMES;
    private static final int BANDS = SpeechEmbedder.MEL_BANDS;

    private EmbeddingBatch() {}

    public static void main(String[] args) throws Exception {
        int segments = args.length > 0 ? Integer.parseInt(args[0]) : 160;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<short[]> pcm = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            pcm.add(SyntheticSounds.pcm(SyntheticSounds.Kind.values()[i % 3], 500 + i));
        }
        SpeechEmbedder embedder = new SpeechEmbedder(30);
        System.out.printf(
                "%d synthetic 3 s segments, %d rounds each, load %s%n",
                segments,
                rounds,
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                        .strip());
        // warm-up: sessions, JIT
        run(
                "warm-up",
                rounds,
                () -> pcm.subList(0, Math.min(20, segments))
                        .forEach(p -> embedder.embed(p, 0, p.length, SegmentFormat.SAMPLE_RATE)),
                Math.min(20, segments));
        for (int r = 0; r < 2; r++) {
            run(
                    "per segment (today)",
                    rounds,
                    () -> pcm.forEach(p -> embedder.embed(p, 0, p.length, SegmentFormat.SAMPLE_RATE)),
                    segments);
            for (int b : new int[] {4, 8, 16, 32}) {
                run("embedding batched x" + b, rounds, () -> batched(embedder, pcm, b), segments);
            }
        }
    }

    private static void run(String name, int rounds, Runnable work, int segments) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            bestCpu = Math.min(bestCpu, (os.getProcessCpuTime() - cpu0) / 1e9);
        }
        System.out.printf(
                Locale.ROOT,
                "%-26s %6.1f segments/s wall (best of %d), %6.1f segments per CPU-second, %.2f ms CPU per segment%n",
                name,
                segments / best,
                rounds,
                segments / bestCpu,
                bestCpu * 1000 / segments);
    }

    /** Mel per segment, then the windows of {@code b} segments through the embedding model in one call. */
    private static void batched(SpeechEmbedder embedder, List<short[]> pcm, int b) {
        OrtSession session = OnnxModels.classpath(EMBEDDING, EMBEDDING_SHA256);
        Resampler resampler = Resampler.of(SegmentFormat.SAMPLE_RATE, SpeechEmbedder.SAMPLE_RATE);
        for (int from = 0; from < pcm.size(); from += b) {
            List<float[][]> mels = new ArrayList<>();
            int windows = 0;
            for (short[] p : pcm.subList(from, Math.min(pcm.size(), from + b))) {
                float[][] mel = embedder.melFrames(resampler.apply(p, 0, p.length));
                mels.add(mel);
                windows += Math.max(1, (mel.length - WINDOW_FRAMES) / STEP + 1);
            }
            float[] batch = new float[windows * WINDOW_FRAMES * BANDS];
            int w0 = 0;
            for (float[][] mel : mels) {
                int n = Math.max(1, (mel.length - WINDOW_FRAMES) / STEP + 1);
                for (int w = 0; w < n; w++) {
                    for (int t = 0; t < WINDOW_FRAMES; t++) {
                        int frame = w * STEP + t;
                        if (frame < mel.length) {
                            System.arraycopy(mel[frame], 0, batch, ((w0 + w) * WINDOW_FRAMES + t) * BANDS, BANDS);
                        }
                    }
                }
                w0 += n;
            }
            try (OnnxTensor x = OnnxTensor.createTensor(OnnxModels.environment(), FloatBuffer.wrap(batch), new long[] {
                        windows, WINDOW_FRAMES, BANDS, 1
                    });
                    OrtSession.Result result = session.run(
                            Map.of(session.getInputNames().iterator().next(), x))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                if (out.remaining() != windows * SpeechEmbedder.DIMENSION) {
                    throw new IllegalStateException("unexpected output size " + out.remaining());
                }
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
