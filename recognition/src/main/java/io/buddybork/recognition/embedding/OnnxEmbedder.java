package io.buddybork.recognition.embedding;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A generic ONNX embedding stage configured by an {@link OnnxDescriptor}: resample to the model's
 * rate, cut windows, run the model on each, read its output as rows of {@code dimension} values,
 * pool the rows of the non-quiet windows. Lets an owner plug in a stronger model file they obtained
 * themselves without code. Thread-safe; the session is created on first use and shared.
 */
public final class OnnxEmbedder implements Embedder {

    /** Stage-name prefix in {@link io.buddybork.recognition.feature.FeatureConfig#stages()}. */
    public static final String STAGE_PREFIX = "onnx:";

    private final Path descriptorFile;
    private final OnnxDescriptor d;
    private final double activeRangeDb;
    private final List<String> names;

    /** An embedder for the descriptor at {@code descriptorFile}. */
    public OnnxEmbedder(Path descriptorFile, double activeRangeDb) {
        this.descriptorFile = descriptorFile;
        this.d = OnnxDescriptor.read(descriptorFile);
        this.activeRangeDb = activeRangeDb;
        this.names = d.pooling().names("onnx." + d.name() + ":", d.dimension());
    }

    @Override
    public String identity() {
        return d.identity();
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public float[] embed(short[] pcm, int offset, int length, int sampleRate) {
        float[] audio = Resampler.of(sampleRate, d.sampleRate()).apply(pcm, offset, length);
        if (d.inputScale().equals("unit")) {
            for (int i = 0; i < audio.length; i++) {
                audio[i] /= 32768f;
            }
        }
        int window = d.windowSeconds() == 0
                ? Math.max(1, audio.length)
                : (int) Math.round(d.windowSeconds() * d.sampleRate());
        int hop = d.windowSeconds() == 0 ? window : Math.max(1, (int) Math.round(d.hopSeconds() * d.sampleRate()));
        OrtSession session = OnnxModels.file(d.modelPath(descriptorFile), d.sha256());
        String input = d.input() != null
                ? d.input()
                : session.getInputNames().iterator().next();
        List<float[]> rows = new ArrayList<>();
        List<Double> rowLoudness = new ArrayList<>();
        int starts = audio.length <= window ? 1 : 1 + (audio.length - window + hop - 1) / hop;
        for (int s = 0; s < starts; s++) {
            int from = Math.min(s * hop, Math.max(0, audio.length - window));
            float[] chunk = java.util.Arrays.copyOfRange(audio, from, from + window); // zero-pads short input
            double loud = Pooling.loudnessDb(audio, from, from + window)
                    + (d.inputScale().equals("unit") ? 90.3 : 0);
            long[] shape = d.batchDimension() ? new long[] {1, window} : new long[] {window};
            try (OnnxTensor x = OnnxTensor.createTensor(OnnxModels.environment(), FloatBuffer.wrap(chunk), shape);
                    OrtSession.Result result = session.run(Map.of(input, x))) {
                OnnxTensor out = (OnnxTensor)
                        (d.output() != null
                                ? result.get(d.output())
                                        .orElseThrow(
                                                () -> new IllegalStateException("model has no output " + d.output()))
                                : result.get(0));
                FloatBuffer buf = out.getFloatBuffer();
                int values = buf.remaining();
                if (values == 0 || values % d.dimension() != 0) {
                    throw new IllegalStateException("model " + d.name() + " output has " + values
                            + " values, not a multiple of the descriptor's dimension " + d.dimension());
                }
                for (int r = 0; r < values / d.dimension(); r++) {
                    float[] row = new float[d.dimension()];
                    buf.get(row);
                    rows.add(row);
                    rowLoudness.add(loud);
                }
            } catch (OrtException e) {
                throw new IllegalStateException("embedding model " + d.name() + " failed: " + e.getMessage(), e);
            }
        }
        double[] loudness =
                rowLoudness.stream().mapToDouble(Double::doubleValue).toArray();
        return d.pooling().pool(rows.toArray(float[][]::new), Pooling.nonQuiet(loudness, activeRangeDb));
    }

    /** The model's input and output names and shapes, for the descriptor's author. */
    public String describeModel() throws OrtException {
        OrtSession s = OnnxModels.file(d.modelPath(descriptorFile), d.sha256());
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, NodeInfo> e : s.getInputInfo().entrySet()) {
            b.append("input ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue().getInfo())
                    .append('\n');
        }
        for (Map.Entry<String, NodeInfo> e : s.getOutputInfo().entrySet()) {
            b.append("output ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue().getInfo())
                    .append('\n');
        }
        return b.toString();
    }
}
