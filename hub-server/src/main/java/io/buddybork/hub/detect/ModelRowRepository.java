package io.buddybork.hub.detect;

import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The reads of table {@code model} that detection needs, through {@link Sql}: the active model's
 * row and any model's by id (read only: the model library owns the table and writes it). Each
 * call is one statement. Thread-safe.
 */
@ApplicationScoped
public class ModelRowRepository {
    private static final String SELECT = "select id, name, file_path, tags::text, thresholds::text from model";

    /** A model's row as detection loads it: the file, and the tags and thresholds as JSON text. */
    public record ModelRow(long id, String name, String filePath, String tagsJson, String thresholdsJson) {}

    private final Sql sql;

    ModelRowRepository(Sql sql) {
        this.sql = sql;
    }

    /** The active model's row, if a model is active. */
    public Optional<ModelRow> active() throws SQLException {
        return sql.first(SELECT + " where active", ModelRowRepository::row);
    }

    /** Model {@code id}'s row. */
    public Optional<ModelRow> find(long id) throws SQLException {
        return sql.first(SELECT + " where id = ?", ModelRowRepository::row, id);
    }

    private static ModelRow row(java.sql.ResultSet rs) throws SQLException {
        return new ModelRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }
}
