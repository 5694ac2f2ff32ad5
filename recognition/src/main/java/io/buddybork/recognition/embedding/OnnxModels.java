package io.buddybork.recognition.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide ONNX Runtime sessions of the embedding stages, created lazily on first use,
 * verified against their SHA-256 before loading, and shared by every extractor for the life of the
 * JVM (so the hub pays the runtime's memory once). {@code OrtSession.run} is thread-safe; each session
 * computes on the calling thread (one intra-op thread), so callers parallelise across segments
 * (and set that thread's priority). Sessions allocate with malloc, not an arena that never shrinks.
 * Thread-safe.
 */
public final class OnnxModels {

    private static final Map<String, OrtSession> SESSIONS = new ConcurrentHashMap<>();

    private OnnxModels() {}

    /** The shared runtime environment. */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /**
     * The session of a model bundled on this module's classpath.
     *
     * @throws IllegalStateException when the resource is missing or its checksum differs
     */
    public static OrtSession classpath(String resource, String sha256) {
        return SESSIONS.computeIfAbsent("cp:" + resource, k -> {
            try (InputStream in = OnnxModels.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("model resource " + resource + " is missing from the classpath");
                }
                return open(in.readAllBytes(), resource, sha256);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model resource " + resource, e);
            }
        });
    }

    /**
     * The session of a model file.
     *
     * @throws IllegalStateException when its checksum differs from {@code sha256}
     */
    public static OrtSession file(Path model, String sha256) {
        Path abs = model.toAbsolutePath().normalize();
        return SESSIONS.computeIfAbsent("file:" + abs + "#" + sha256, k -> {
            try {
                return open(Files.readAllBytes(abs), abs.toString(), sha256);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model file " + abs, e);
            }
        });
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OrtSession open(byte[] bytes, String name, String sha256) {
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new IllegalStateException("model " + name + " has SHA-256 " + actual + ", expected " + sha256
                    + ": refusing to load a different model than the one the features were defined with");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // No CPU arena: the runtime's arena keeps every buffer it ever grew to (per concurrent
            // caller, for the life of the JVM), which made the hub's resident memory grow with the
            // number of scoring threads; plain malloc gives buffers back (bounded by MALLOC_ARENA_MAX).
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            return environment().createSession(bytes, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load model " + name + ": " + e.getMessage(), e);
        }
    }
}
