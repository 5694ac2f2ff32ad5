package io.buddybork.hub.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.recognition.model.IncompatibleModelException;
import io.buddybork.recognition.model.ModelLimits;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Converts the model files the hub stores from the old Java-serialised format (1) to the current
 * plain-data one, once, when the hub starts: before live detection or anything else loads a model
 * (it observes {@link SchemaReady} ahead of the other observers). Each file is rewritten in place
 * atomically with its metadata ({@link ModelStore#upgradeInPlace}); a file that cannot be
 * converted (an old k-NN model, a damaged file) is left as it is and logged, and the model answers
 * as unavailable until it is retrained. Only files that a model row refers to are touched.
 */
@ApplicationScoped
public class ModelFileUpgrade {
    private static final Logger LOG = Logger.getLogger(ModelFileUpgrade.class);

    private final ModelRepository repository;
    private final SegmentFiles files;
    private final ModelFiles models;

    ModelFileUpgrade(ModelRepository repository, SegmentFiles files, ModelFiles models) {
        this.repository = repository;
        this.files = files;
        this.models = models;
    }

    void onSchemaReady(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) SchemaReady ready) {
        upgradeAll();
    }

    /**
     * Converts every old-format model file of a model row; returns how many were converted. In
     * the data directory a file is rewritten in place; in an object store (old files copied into
     * a bucket, or a backup restored into one) only the first 16 bytes of each model are read to
     * tell its format, and an old one is read whole, converted and put back with its metadata
     * (metadata first, so the new model always has it). Hubs starting together may both convert
     * a model: each writes the same conversion, so the last write changes nothing.
     */
    public int upgradeAll() {
        List<String> keys;
        try {
            keys = repository.filePaths();
        } catch (SQLException e) {
            LOG.warnf("Cannot list the model files to convert: %s", e.getMessage());
            return 0;
        }
        int converted = 0;
        for (String key : keys) {
            Object file = key;
            try {
                boolean upgraded;
                if (files.onDataDisk()) {
                    Path path = files.dataRoot().resolve(key).normalize();
                    file = path;
                    upgraded = ModelStore.upgradeInPlace(path);
                } else {
                    upgraded = upgradeStored(key);
                }
                if (upgraded) {
                    converted++;
                    LOG.infof("Converted model file %s to model format %d", file, ModelStore.FORMAT_VERSION);
                }
            } catch (NoSuchFileException e) {
                // a missing file is reported where the model is used
            } catch (IncompatibleModelException | IOException e) {
                LOG.warnf("Cannot convert model file %s: %s", file, e.getMessage());
            }
        }
        return converted;
    }

    /** Converts the object-store model under {@code key} if it is in the old format; whether it was. */
    private boolean upgradeStored(String key) throws IOException {
        ObjectStore store = files.store();
        if (ModelStore.formatOf(store.read(key, 0, 16), key) != ModelStore.LEGACY_FORMAT_VERSION) {
            return false;
        }
        OpenSetModel model = ModelStore.loadAnyFormat(models.bytes(key), key, ModelLimits.defaults());
        JsonNode metrics;
        try {
            metrics = ModelStore.metricsOf(models.metadataBytes(key));
        } catch (NoSuchFileException e) {
            metrics = ModelStore.json().createObjectNode();
        }
        models.save(key, model, metrics);
        return true;
    }
}
