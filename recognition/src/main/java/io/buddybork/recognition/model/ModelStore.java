package io.buddybork.recognition.model;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.buddybork.model.storage.DurableFiles;
import io.buddybork.recognition.feature.FeatureConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32;

/**
 * Saves and loads models: one binary model file ({@code NAME.model}) plus its JSON metadata
 * ({@code NAME.json}) next to it. Both are written durably (temp file, fsync, atomic rename), the
 * binary carries a CRC-32 of its payload, and a file made for another feature version is refused
 * with a message saying to retrain. Deserialisation only admits the model's own and Smile's
 * classes. Stateless and thread-safe.
 */
public final class ModelStore {

    /** Current binary format version. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = "BBRKMODL".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;io.buddybork.**;smile.**;java.lang.*;java.util.*;java.time.*;[D;[[D;[[[D;[I;[F;[Z;[J;"
                    + "[Ljava.lang.*;[Lio.buddybork.**;[Lsmile.**;!*");

    private ModelStore() {}

    /** The metadata file that belongs to a model file. */
    public static Path metadataPath(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String base = name.endsWith(".model") ? name.substring(0, name.length() - 6) : name;
        return modelFile.resolveSibling(base + ".json");
    }

    /** Saves a model and its metadata (with optional evaluation metrics). */
    public static void save(OpenSetModel model, Path modelFile, Map<String, Object> metrics) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(payload)) {
            out.writeObject(model);
        }
        byte[] body = payload.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream file = new ByteArrayOutputStream(body.length + 128);
        try (DataOutputStream out = new DataOutputStream(file)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(model.featureConfig().version());
            out.writeUTF(model.featureConfig().fingerprint());
            out.writeInt(body.length);
            out.write(body);
            out.writeLong(crc.getValue());
        }
        DurableFiles.write(modelFile, file.toByteArray());
        DurableFiles.write(metadataPath(modelFile), JSON.writeValueAsBytes(metadata(model, metrics)));
    }

    /** Saves a model without metrics. */
    public static void save(OpenSetModel model, Path modelFile) throws IOException {
        save(model, modelFile, Map.of());
    }

    /**
     * Loads a model.
     *
     * @throws IncompatibleModelException when the file is not a model, is corrupt, or was made for
     *     another feature version
     */
    public static OpenSetModel load(Path modelFile) throws IOException {
        byte[] bytes = Files.readAllBytes(modelFile);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IncompatibleModelException(modelFile + " is not a Buddybork model file");
            }
            int format = in.readInt();
            if (format != FORMAT_VERSION) {
                throw new IncompatibleModelException(modelFile + " has model format " + format
                        + "; this build reads format " + FORMAT_VERSION + ". Retrain the model.");
            }
            int featureVersion = in.readInt();
            String fingerprint = in.readUTF();
            if (featureVersion != FeatureConfig.CURRENT_VERSION) {
                throw new IncompatibleModelException(modelFile + " was trained on feature version " + featureVersion
                        + " (" + fingerprint + "), but this build extracts feature version "
                        + FeatureConfig.CURRENT_VERSION + ". Retrain the model from its labels.");
            }
            int length = in.readInt();
            if (length < 0 || length > bytes.length) {
                throw new IncompatibleModelException(modelFile + " is truncated or corrupt");
            }
            byte[] body = in.readNBytes(length);
            if (body.length != length || in.available() < Long.BYTES) {
                throw new IncompatibleModelException(modelFile + " is truncated");
            }
            long expected = in.readLong();
            CRC32 crc = new CRC32();
            crc.update(body);
            if (crc.getValue() != expected) {
                throw new IncompatibleModelException(modelFile + " is corrupt (checksum mismatch)");
            }
            try (InputStream raw = new ByteArrayInputStream(body);
                    ObjectInputStream ois = new ObjectInputStream(raw)) {
                ois.setObjectInputFilter(FILTER);
                OpenSetModel model = (OpenSetModel) ois.readObject();
                if (!model.featureConfig().fingerprint().equals(fingerprint)) {
                    throw new IncompatibleModelException(modelFile + " header and body disagree on the feature config");
                }
                return model;
            } catch (ClassNotFoundException | ClassCastException | java.io.InvalidClassException e) {
                throw new IncompatibleModelException(
                        modelFile + " cannot be read by this build: " + e.getMessage() + ". Retrain the model.", e);
            }
        } catch (java.io.EOFException e) {
            throw new IncompatibleModelException(modelFile + " is truncated", e);
        }
    }

    /** Reads the JSON metadata of a model file. */
    public static ModelMetadata readMetadata(Path modelFile) throws IOException {
        return JSON.readValue(Files.readAllBytes(metadataPath(modelFile)), ModelMetadata.class);
    }

    /** Builds the metadata of a model. */
    public static ModelMetadata metadata(OpenSetModel model, Map<String, Object> metrics) {
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
                metrics,
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
