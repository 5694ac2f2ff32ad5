package io.buddybork.recognition.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.buddybork.model.storage.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Saves and loads models: one binary model file ({@code NAME.model}, format
 * {@value #FORMAT_VERSION}: plain data, see {@link ModelCodec} and docs/model-format.md) plus its
 * JSON metadata ({@code NAME.json}) next to it. Both are written durably (temp file, fsync, atomic
 * rename). Loading checks the file's size against {@link ModelLimits} before reading it and never
 * deserialises Java objects; a file made for another feature version is refused with a message
 * saying to retrain, one in the old Java-serialised format 1 with one saying to convert it
 * ({@link #convert}, {@link #upgradeInPlace}). Stateless and thread-safe.
 */
public final class ModelStore {

    /** Current binary format version. */
    public static final int FORMAT_VERSION = ModelCodec.FORMAT;

    /** The format of Java-serialised model files, which are only read to be converted. */
    public static final int LEGACY_FORMAT_VERSION = LegacyModelReader.FORMAT;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addModule(new Jdk8Module())
            .build();

    private ModelStore() {}

    /** The metadata file that belongs to a model file. */
    public static Path metadataPath(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String base = name.endsWith(".model") ? name.substring(0, name.length() - 6) : name;
        return modelFile.resolveSibling(base + ".json");
    }

    /**
     * Saves a model and its metadata with the figures of its test ({@link ModelMetrics}, the CLI's
     * report, or the JSON of either).
     */
    public static void save(OpenSetModel model, Path modelFile, Object metrics) throws IOException {
        DurableFiles.write(modelFile, ModelCodec.encode(model));
        DurableFiles.write(metadataPath(modelFile), JSON.writeValueAsBytes(metadata(model, metrics)));
    }

    /** Saves a model without metrics. */
    public static void save(OpenSetModel model, Path modelFile) throws IOException {
        save(model, modelFile, JSON.createObjectNode());
    }

    /** The bytes of a model file (what {@link #save} writes). */
    public static byte[] toBytes(OpenSetModel model) {
        return ModelCodec.encode(model);
    }

    /**
     * Loads a model with the default {@link ModelLimits}.
     *
     * @throws IncompatibleModelException when the file is not a model, is corrupt, was made for
     *     another feature version, or is in the old format ({@link IncompatibleModelException#kind()})
     */
    public static OpenSetModel load(Path modelFile) throws IOException {
        return load(modelFile, ModelLimits.defaults());
    }

    /**
     * Loads a model; a file larger than {@code limits} allow is refused before it is read.
     *
     * @throws IncompatibleModelException when the file is not a model, is corrupt, was made for
     *     another feature version, or is in the old format ({@link IncompatibleModelException#kind()})
     */
    public static OpenSetModel load(Path modelFile, ModelLimits limits) throws IOException {
        return fromBytes(readLimited(modelFile, limits), modelFile.toString(), limits);
    }

    /**
     * Reads a model from a file's bytes.
     *
     * @param source how to name the file in messages
     * @throws IncompatibleModelException as {@link #load(Path, ModelLimits)}
     */
    public static OpenSetModel fromBytes(byte[] bytes, String source, ModelLimits limits) {
        if (bytes.length > limits.maxFileBytes()) {
            throw ModelCodec.corrupt(
                    source + " has " + bytes.length + " bytes, over the limit of " + limits.maxFileBytes());
        }
        return ModelCodec.decode(bytes, source, limits);
    }

    /**
     * The format version of a model file, from its first 16 bytes.
     *
     * @throws IncompatibleModelException when it is not a model file
     */
    public static int formatOf(Path modelFile) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(modelFile)) {
            head = in.readNBytes(16);
        }
        return ModelCodec.checkPrefix(head, modelFile.toString());
    }

    /**
     * The format version of a model from the first 16 (or more) bytes of its file, wherever that is
     * stored (an object store reads just those bytes).
     *
     * @param source how to name the file in messages
     * @throws IncompatibleModelException when it is not a model file
     */
    public static int formatOf(byte[] head, String source) {
        return ModelCodec.checkPrefix(head, source);
    }

    /**
     * Reads a model of either format from its file's bytes, as {@link #loadAnyFormat(Path,
     * ModelLimits)} (for converting the hub's own stored models only).
     *
     * @param source how to name the file in messages
     */
    public static OpenSetModel loadAnyFormat(byte[] bytes, String source, ModelLimits limits) {
        if (bytes.length > limits.maxFileBytes()) {
            throw ModelCodec.corrupt(
                    source + " has " + bytes.length + " bytes, over the limit of " + limits.maxFileBytes());
        }
        if (ModelCodec.checkPrefix(bytes, source) == LegacyModelReader.FORMAT) {
            return LegacyModelReader.read(bytes, source);
        }
        return fromBytes(bytes, source, limits);
    }

    /** The metrics kept in a model's metadata (an empty object when there are none or they cannot be read). */
    public static JsonNode metricsOf(byte[] metadataJson) {
        try {
            ModelMetadata meta = JSON.readValue(metadataJson, ModelMetadata.class);
            return meta.metrics() == null ? JSON.createObjectNode() : meta.metrics();
        } catch (IOException | RuntimeException e) {
            // metrics are informative only: unreadable metadata is rewritten without them
            return JSON.createObjectNode();
        }
    }

    /**
     * Reads a model file of either format: the current one as {@link #load}, the old
     * Java-serialised one through the strict legacy reader (its own classes into plain stand-ins, an
     * allow-list of exact classes, bounded depth, references and array lengths). For converting
     * trusted local files only: imports accept the current format alone.
     *
     * @throws IncompatibleModelException when the file is corrupt, hostile, made for another
     *     feature version, or holds a model that cannot be converted (k-NN classifier)
     */
    public static OpenSetModel loadAnyFormat(Path modelFile, ModelLimits limits) throws IOException {
        byte[] bytes = readLimited(modelFile, limits);
        if (ModelCodec.checkPrefix(bytes, modelFile.toString()) == LegacyModelReader.FORMAT) {
            return LegacyModelReader.read(bytes, modelFile.toString());
        }
        return fromBytes(bytes, modelFile.toString(), limits);
    }

    /**
     * Converts a model file of either format to the current one: writes {@code out} (and its
     * metadata, keeping the metrics of {@code in}'s metadata when there is one) durably.
     * {@code out} may be {@code in}.
     *
     * @return the converted model
     * @throws IncompatibleModelException as {@link #loadAnyFormat}
     */
    public static OpenSetModel convert(Path in, Path out) throws IOException {
        OpenSetModel model = loadAnyFormat(in, ModelLimits.defaults());
        JsonNode metrics = JSON.createObjectNode();
        if (Files.isRegularFile(metadataPath(in))) {
            try {
                ModelMetadata meta = readMetadata(in);
                metrics = meta.metrics() == null ? metrics : meta.metrics();
            } catch (IOException | RuntimeException e) {
                // metrics are informative only: an unreadable metadata file is rewritten without them
            }
        }
        save(model, out, metrics);
        return model;
    }

    /**
     * Rewrites a model file of the old format in the current one, in place and atomically (a crash
     * leaves the old or the new file, never a mix).
     *
     * @return whether the file was converted (false: it is in the current format already)
     * @throws IncompatibleModelException when the file cannot be converted
     */
    public static boolean upgradeInPlace(Path modelFile) throws IOException {
        if (formatOf(modelFile) != LegacyModelReader.FORMAT) {
            return false;
        }
        convert(modelFile, modelFile);
        return true;
    }

    private static byte[] readLimited(Path file, ModelLimits limits) throws IOException {
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw ModelCodec.corrupt(file + " has " + size + " bytes, over the limit of " + limits.maxFileBytes());
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) size);
            if (in.read() >= 0) {
                throw ModelCodec.corrupt(file + " grew while it was read");
            }
            return bytes;
        }
    }

    /** Reads the JSON metadata of a model file. */
    public static ModelMetadata readMetadata(Path modelFile) throws IOException {
        return JSON.readValue(Files.readAllBytes(metadataPath(modelFile)), ModelMetadata.class);
    }

    /** Builds the metadata of a model. */
    public static ModelMetadata metadata(OpenSetModel model, Object metrics) {
        Map<String, PrCurve> curves = new LinkedHashMap<>();
        for (int t = 0; t < model.tags().size(); t++) {
            curves.put(model.tags().get(t), model.calibrationCurves().get(t));
        }
        return new ModelMetadata(
                FORMAT_VERSION,
                model.created().toString(),
                model.tags(),
                model.featureConfig(),
                model.featureConfig().fingerprint(),
                model.config(),
                model.thresholds(),
                curves,
                model.summary(),
                List.copyOf(model.timeModels().keySet()),
                JSON.valueToTree(metrics),
                libraryVersions());
    }

    /** Versions of this code, its libraries and the JVM. */
    public static Map<String, String> libraryVersions() {
        Map<String, String> out = new LinkedHashMap<>();
        Properties p = new Properties();
        try (InputStream in = ModelStore.class.getResourceAsStream("/io/buddybork/recognition/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // versions are informative only
        }
        for (String key : List.of("recognition", "smile", "tarsosdsp")) {
            out.put(key, p.getProperty(key, "unknown"));
        }
        out.put("java", Runtime.version().toString());
        return out;
    }

    /** The shared JSON mapper (pretty-printing). */
    public static JsonMapper json() {
        return JSON;
    }
}
