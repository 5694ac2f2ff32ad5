package io.buddybork.recognition.embedding;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The small JSON file that plugs an owner-supplied ONNX embedding model into the feature pipeline
 * (see docs/recognition.md, "Plugging in your own embedding model"). Immutable.
 *
 * @param name short model name (letters, digits, '-', '_')
 * @param version the owner's version label of this model file
 * @param model model file, relative to the descriptor's folder or absolute
 * @param sha256 hex SHA-256 of the model file (checked before loading)
 * @param sampleRate the model's input sample rate
 * @param windowSeconds audio per model call (0 = the whole segment in one call)
 * @param hopSeconds hop between calls
 * @param input input tensor name (null = the model's first input)
 * @param output output tensor name (null = the model's first output)
 * @param inputScale {@code "unit"} for samples in [-1, 1), {@code "int16"} for the int16 range
 * @param batchDimension whether the input is {@code [1, samples]} (true) or {@code [samples]} (false)
 * @param dimension embedding size: the output is read as rows of this many values
 * @param pooling how rows are pooled over the non-quiet windows
 */
public record OnnxDescriptor(
        String name,
        String version,
        String model,
        String sha256,
        int sampleRate,
        double windowSeconds,
        double hopSeconds,
        String input,
        String output,
        String inputScale,
        Boolean batchDimension,
        int dimension,
        Pooling pooling) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Map<Path, OnnxDescriptor> LOADED = new ConcurrentHashMap<>();

    public OnnxDescriptor {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("descriptor name must be 1-40 letters, digits, '-' or '_', got " + name);
        }
        if (version == null || !version.matches("[A-Za-z0-9._-]{1,20}")) {
            throw new IllegalArgumentException("descriptor version must be 1-20 letters, digits, '.', '-' or '_'");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("descriptor needs the model file");
        }
        if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("descriptor needs the model's sha256 (64 hex digits)");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (sampleRate < 1_000 || sampleRate > 384_000) {
            throw new IllegalArgumentException("descriptor sampleRate must be in [1000, 384000]");
        }
        if (windowSeconds < 0 || hopSeconds < 0 || windowSeconds > 0 && hopSeconds <= 0) {
            throw new IllegalArgumentException("descriptor needs windowSeconds >= 0 and, with windows, hopSeconds > 0");
        }
        inputScale = inputScale == null ? "unit" : inputScale.toLowerCase(Locale.ROOT);
        if (!inputScale.equals("unit") && !inputScale.equals("int16")) {
            throw new IllegalArgumentException("descriptor inputScale must be \"unit\" or \"int16\"");
        }
        batchDimension = batchDimension == null || batchDimension;
        if (dimension < 1 || dimension > 65_536) {
            throw new IllegalArgumentException("descriptor dimension must be in [1, 65536]");
        }
        pooling = pooling == null ? Pooling.MEAN_STD : pooling;
    }

    /** Reads (once per JVM) and validates a descriptor file. */
    public static OnnxDescriptor read(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return LOADED.computeIfAbsent(abs, p -> {
            try {
                return JSON.readValue(Files.readAllBytes(p), OnnxDescriptor.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read embedding descriptor " + p + ": " + e.getMessage(), e);
            }
        });
    }

    /** The model file, resolved against the descriptor's folder. */
    public Path modelPath(Path descriptorFile) {
        Path m = Path.of(model);
        return m.isAbsolute() ? m : descriptorFile.toAbsolutePath().getParent().resolve(m);
    }

    /** Stage identity: name, version and checksum prefix. */
    public String identity() {
        return "onnx-" + name + "-" + version + "-" + sha256.substring(0, 12);
    }
}
