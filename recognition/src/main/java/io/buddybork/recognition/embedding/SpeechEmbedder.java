package io.buddybork.recognition.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * The openWakeWord speech embedding (Google's speech_embedding, Apache-2.0) as a feature stage:
 * resample to 16 kHz (int16 scale), its ONNX mel front end (32 bands every 10 ms, scaled
 * {@code x / 10 + 2} as openWakeWord does), windows of 76 mel frames every 16 frames (0.76 s every
 * 160 ms; openWakeWord's streaming step is 8 frames, but twice the step halves the cost and measured
 * as well over the rotations) through its ONNX embedding model (one 96-d vector per window), then mean and standard
 * deviation over the non-quiet windows: 192 values. Both models ship inside this module's jar and
 * are verified by SHA-256 before loading (see NOTICE). Thread-safe; the ONNX sessions are created on
 * first use and shared by the whole process.
 */
public final class SpeechEmbedder implements Embedder {

    /** Stage name in {@link io.buddybork.recognition.feature.FeatureConfig#stages()}. */
    public static final String STAGE = "oww-speech";
    /**
     * Stage name of the window bag: instead of mean and standard deviation, the {@link #BAG_WINDOWS}
     * loudest non-quiet windows themselves (in time order; repeated cyclically when there are fewer),
     * {@code BAG_WINDOWS x 96} values for window-level matching ({@link
     * io.buddybork.recognition.model.ModelConfig#windowMatch()}).
     */
    public static final String WINDOWS_STAGE = "oww-speech-windows";
    /** Windows kept by the window bag (a 3 s hub segment has 14). */
    public static final int BAG_WINDOWS = 8;
    /** Entry-name prefix of the window bag; entries are {@code speechwin:w<slot>_<dim>}. */
    public static final String BAG_PREFIX = "speechwin:";
    /** Version of this stage's code (resampler, framing, pooling); bump when it changes a vector (2: 16-frame step). */
    public static final int VERSION = 2;

    static final String MEL_RESOURCE = "/io/buddybork/recognition/embedding/openwakeword/melspectrogram.onnx";
    static final String MEL_SHA256 = "ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f";
    static final String EMBEDDING_RESOURCE = "/io/buddybork/recognition/embedding/openwakeword/embedding_model.onnx";
    static final String EMBEDDING_SHA256 = "70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f";

    /** The model's input rate. */
    public static final int SAMPLE_RATE = 16_000;
    /** Mel bands of the front end. */
    public static final int MEL_BANDS = 32;
    /** Mel frames per embedding window. */
    public static final int WINDOW_FRAMES = 76;
    /** Mel frames between windows. */
    public static final int STEP_FRAMES = 16;
    /** Embedding size per window. */
    public static final int DIMENSION = 96;

    private static final int HOP_SAMPLES = 160;
    // The mel model yields (samples / 160 - 3) frames; pad short input so one full window exists.
    private static final int MIN_SAMPLES = (WINDOW_FRAMES + 3) * HOP_SAMPLES;

    private final double activeRangeDb;
    private final boolean bag;
    private final List<String> names;

    /** @param activeRangeDb windows this far under the loud windows are left out of the pooling */
    public SpeechEmbedder(double activeRangeDb) {
        this(activeRangeDb, false);
    }

    /**
     * @param activeRangeDb windows this far under the loud windows are left out of the pooling
     * @param bag whether this is the window bag stage ({@link #WINDOWS_STAGE}) instead of mean + std
     */
    public SpeechEmbedder(double activeRangeDb, boolean bag) {
        this.activeRangeDb = activeRangeDb;
        this.bag = bag;
        this.names = bag ? bagNames() : Pooling.MEAN_STD.names("speech:", DIMENSION);
    }

    /** Entry names of the window bag stage. */
    public static List<String> bagNames() {
        List<String> out = new java.util.ArrayList<>();
        for (int w = 0; w < BAG_WINDOWS; w++) {
            for (int i = 0; i < DIMENSION; i++) {
                out.add(BAG_PREFIX + "w" + w + "_" + i);
            }
        }
        return List.copyOf(out);
    }

    /** Identity of the stage: code version and the model checksums' prefixes. */
    public static String stageIdentity() {
        return STAGE + "-e" + VERSION + "-" + MEL_SHA256.substring(0, 8) + EMBEDDING_SHA256.substring(0, 8);
    }

    /** Identity of the window bag stage. */
    public static String bagIdentity() {
        return WINDOWS_STAGE + BAG_WINDOWS + "-e" + VERSION + "-" + MEL_SHA256.substring(0, 8)
                + EMBEDDING_SHA256.substring(0, 8);
    }

    @Override
    public String identity() {
        return bag ? bagIdentity() : stageIdentity();
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public float[] embed(short[] pcm, int offset, int length, int sampleRate) {
        float[] audio = Resampler.of(sampleRate, SAMPLE_RATE).apply(pcm, offset, length);
        float[][] mel = melFrames(audio);
        int frames = mel.length;
        int windows = Math.max(1, (frames - WINDOW_FRAMES) / STEP_FRAMES + 1);
        float[][] vectors = windowEmbeddings(mel, windows);
        double[] loudness = new double[windows];
        for (int w = 0; w < windows; w++) {
            int from = w * STEP_FRAMES * HOP_SAMPLES;
            loudness[w] = Pooling.loudnessDb(audio, from, from + WINDOW_FRAMES * HOP_SAMPLES);
        }
        boolean[] keep = Pooling.nonQuiet(loudness, activeRangeDb);
        return bag ? bag(vectors, loudness, keep) : Pooling.MEAN_STD.pool(vectors, keep);
    }

    /**
     * The {@link #BAG_WINDOWS} loudest kept windows in time order, concatenated; fewer kept windows
     * are repeated cyclically, so every bag is full and a window's share of the bag stays even.
     */
    static float[] bag(float[][] vectors, double[] loudness, boolean[] keep) {
        List<Integer> kept = new java.util.ArrayList<>();
        for (int w = 0; w < vectors.length; w++) {
            if (keep[w]) {
                kept.add(w);
            }
        }
        if (kept.isEmpty()) {
            for (int w = 0; w < vectors.length; w++) {
                kept.add(w);
            }
        }
        kept.sort((a, b) -> Double.compare(loudness[b], loudness[a]));
        List<Integer> chosen = new java.util.ArrayList<>(kept.subList(0, Math.min(BAG_WINDOWS, kept.size())));
        java.util.Collections.sort(chosen);
        float[] out = new float[BAG_WINDOWS * DIMENSION];
        for (int s = 0; s < BAG_WINDOWS; s++) {
            System.arraycopy(vectors[chosen.get(s % chosen.size())], 0, out, s * DIMENSION, DIMENSION);
        }
        return out;
    }

    /** The scaled mel frames ({@code [frames][32]}) of 16 kHz int16-scale samples. */
    public float[][] melFrames(float[] audio16k) {
        float[] input = audio16k.length >= MIN_SAMPLES ? audio16k : java.util.Arrays.copyOf(audio16k, MIN_SAMPLES);
        OrtSession session = OnnxModels.classpath(MEL_RESOURCE, MEL_SHA256);
        try (OnnxTensor x = OnnxTensor.createTensor(
                        OnnxModels.environment(), FloatBuffer.wrap(input), new long[] {1, input.length});
                OrtSession.Result result =
                        session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] shape = out.getInfo().getShape(); // [1, 1, frames, 32]
            int frames = (int) shape[2];
            FloatBuffer buf = out.getFloatBuffer();
            float[][] mel = new float[frames][MEL_BANDS];
            for (int t = 0; t < frames; t++) {
                for (int b = 0; b < MEL_BANDS; b++) {
                    mel[t][b] = buf.get() / 10f + 2f;
                }
            }
            return mel;
        } catch (OrtException e) {
            throw new IllegalStateException("speech embedding mel front end failed: " + e.getMessage(), e);
        }
    }

    /** One 96-d vector per window of 76 frames every 16 frames, computed in one batch. */
    private float[][] windowEmbeddings(float[][] mel, int windows) {
        float[] batch = new float[windows * WINDOW_FRAMES * MEL_BANDS];
        for (int w = 0; w < windows; w++) {
            for (int t = 0; t < WINDOW_FRAMES; t++) {
                int frame = w * STEP_FRAMES + t;
                if (frame < mel.length) {
                    System.arraycopy(mel[frame], 0, batch, (w * WINDOW_FRAMES + t) * MEL_BANDS, MEL_BANDS);
                }
            }
        }
        OrtSession session = OnnxModels.classpath(EMBEDDING_RESOURCE, EMBEDDING_SHA256);
        try (OnnxTensor x = OnnxTensor.createTensor(OnnxModels.environment(), FloatBuffer.wrap(batch), new long[] {
                    windows, WINDOW_FRAMES, MEL_BANDS, 1
                });
                OrtSession.Result result =
                        session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            FloatBuffer buf = ((OnnxTensor) result.get(0)).getFloatBuffer(); // [windows, 1, 1, 96]
            float[][] out = new float[windows][DIMENSION];
            for (int w = 0; w < windows; w++) {
                buf.get(out[w]);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("speech embedding model failed: " + e.getMessage(), e);
        }
    }
}
