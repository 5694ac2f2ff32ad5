package io.buddybork.hub.model;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.recognition.model.IncompatibleModelException;
import io.buddybork.recognition.model.ModelStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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

    private final AgroalDataSource dataSource;
    private final SegmentFiles files;

    ModelFileUpgrade(AgroalDataSource dataSource, SegmentFiles files) {
        this.dataSource = dataSource;
        this.files = files;
    }

    void onSchemaReady(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) SchemaReady ready) {
        upgradeAll();
    }

    /**
     * Converts every old-format model file of a model row; returns how many were converted. Only
     * the local store can hold such files (they predate the object store), so an S3 store is left alone.
     */
    int upgradeAll() {
        if (!files.onDataDisk()) {
            return 0;
        }
        List<Path> paths = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select file_path from model where file_path is not null");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                paths.add(files.dataRoot().resolve(rs.getString(1)).normalize());
            }
        } catch (SQLException e) {
            LOG.warnf("Cannot list the model files to convert: %s", e.getMessage());
            return 0;
        }
        int converted = 0;
        for (Path file : paths) {
            try {
                if (ModelStore.upgradeInPlace(file)) {
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
}
