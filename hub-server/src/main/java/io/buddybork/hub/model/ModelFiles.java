package io.buddybork.hub.model;

import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StorageConfig;
import io.buddybork.hub.storage.StoredObject;
import io.buddybork.recognition.model.ModelLimits;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.function.Consumer;

/**
 * Model files and their JSON metadata in the {@link ObjectStore}, under the keys
 * {@code model.file_path} keeps ({@code models/<name>.model} and {@code models/<name>.json}). A
 * save writes the metadata first and the model last, each durably, so a model key that exists
 * always has its metadata. Thread-safe.
 */
@ApplicationScoped
public class ModelFiles {
    /** The key prefix of model files. */
    public static final String PREFIX = "models/";

    private final ObjectStore store;

    ModelFiles(ObjectStore store) {
        this.store = store;
    }

    /** The key of the metadata that belongs to model key {@code key}. */
    public static String metadataKey(String key) {
        String base = key.endsWith(".model") ? key.substring(0, key.length() - 6) : key;
        return base + ".json";
    }

    /** Stores {@code model} under {@code key} with its metadata (and {@code metrics}, a record Jackson writes); durable when it returns. */
    public void save(String key, OpenSetModel model, Object metrics) throws IOException {
        store.put(metadataKey(key), ModelStore.json().writeValueAsBytes(ModelStore.metadata(model, metrics)));
        store.put(key, ModelStore.toBytes(model));
    }

    /** Loads the model under {@code key} with the default limits; {@link NoSuchFileException} when absent. */
    public OpenSetModel load(String key) throws IOException {
        return ModelStore.fromBytes(store.read(key), key, ModelLimits.defaults());
    }

    /** The bytes of the model file under {@code key}. */
    public byte[] bytes(String key) throws IOException {
        return store.read(key);
    }

    /** The bytes of the metadata of model key {@code key}. */
    public byte[] metadataBytes(String key) throws IOException {
        return store.read(metadataKey(key));
    }

    /** Whether a model file exists under {@code key}. */
    public boolean exists(String key) throws IOException {
        return store.exists(key);
    }

    /** Deletes the model under {@code key} and its metadata, when present. */
    public void delete(String key) throws IOException {
        store.delete(key);
        store.delete(metadataKey(key));
    }

    /** Deletes the one object under {@code key} (a leftover without its pair). */
    public void deleteObject(String key) throws IOException {
        store.delete(key);
    }

    /** Every object under {@code models/} (model files, metadata, leftovers). */
    public void forEach(Consumer<StoredObject> sink) throws IOException {
        store.list(PREFIX, sink);
    }

    /** Whether the store is shared with other hubs (S3), so an object without a row may be another hub's save in progress. */
    public boolean shared() {
        return store.backend() != StorageConfig.Backend.LOCAL;
    }
}
