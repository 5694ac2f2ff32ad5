package io.buddybork.hub.model;

import io.buddybork.hub.db.Sql;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the model library (tables {@code model} and {@code model_training_segment}), through
 * {@link Sql}, plus the few tag statements an import needs to name its tags. JSON columns travel as
 * their text; the services read and write the JSON. Inside a service's transaction each call joins
 * it (the row locks of {@code for update} last until its commit); outside one each call commits on
 * its own. A database failure is a {@link ProblemException} ({@link DatabaseFailures}), except for
 * {@link #filePaths}, whose startup callers log and carry on. Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class ModelRepository {

    /** A model row; {@code tags}, {@code metrics} and {@code training} are JSON text (null when empty). */
    public record ModelRow(
            long id,
            String name,
            String tags,
            boolean active,
            Instant created,
            String metrics,
            String training,
            String filePath) {}

    /** A new model row: name, JSON text of tags, metrics and training, the file's key. */
    public record NewModel(String name, String tags, String metrics, String training, String filePath) {}

    /** The owner's thresholds (JSON text or null) of a locked model row, and whether it is active. */
    public record Thresholds(String json, boolean active) {}

    /** The file of a locked model row (null: the row has no file). */
    public record LockedFile(String filePath) {}

    private static final String COLUMNS = "id, name, cast(tags as text), active, created, cast(metrics as text),"
            + " cast(training as text), file_path";

    private final Sql sql;

    ModelRepository(Sql sql) {
        this.sql = sql;
    }

    /** Every model, newest first. */
    public List<ModelRow> list() {
        try {
            return sql.list("select " + COLUMNS + " from model order by created desc, id desc", ModelRepository::row);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the models", e);
        }
    }

    /** Model {@code id}, if any. */
    public Optional<ModelRow> find(long id) {
        try {
            return sql.first("select " + COLUMNS + " from model where id = ?", ModelRepository::row, id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the model", e);
        }
    }

    /** Renames model {@code id}; whether it exists. */
    public boolean rename(long id, String name) {
        try {
            return sql.update("update model set name = ? where id = ?", name, id) > 0;
        } catch (SQLException e) {
            throw DatabaseFailures.problem("rename the model", e);
        }
    }

    /** Deletes model {@code id}; whether it was active, empty when there was no such row. */
    public Optional<Boolean> delete(long id) {
        try {
            return sql.first("delete from model where id = ? returning active", rs -> rs.getBoolean(1), id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("delete the model", e);
        }
    }

    /** The active model's id, if any. */
    public Optional<Long> activeId() {
        try {
            return sql.first("select id from model where active", rs -> rs.getLong(1));
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the active model", e);
        }
    }

    /** Locks the row of model {@code id} until the transaction ends; its file, empty without a row. */
    public Optional<LockedFile> lockFile(long id) {
        try {
            return sql.first(
                    "select file_path from model where id = ? for update", rs -> new LockedFile(rs.getString(1)), id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the model", e);
        }
    }

    /**
     * Makes {@code modelId} (null: none) the only active model; {@code activated_at} is set only
     * when the model becomes active, since detections of segments stored before are history.
     */
    public void activate(Long modelId) {
        try {
            sql.update("update model set active = false where active and id is distinct from ?", modelId);
            if (modelId != null) {
                sql.update("update model set active = true, activated_at = now() where id = ? and not active", modelId);
            }
        } catch (SQLException e) {
            throw DatabaseFailures.problem("change the active model", e);
        }
    }

    /** Locks the row of model {@code id} until the transaction ends; its thresholds, empty without a row. */
    public Optional<Thresholds> lockThresholds(long id) {
        try {
            return sql.first(
                    "select cast(thresholds as text), active from model where id = ? for update",
                    rs -> new Thresholds(rs.getString(1), rs.getBoolean(2)),
                    id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the model's sensitivity", e);
        }
    }

    /** Sets the owner's thresholds of model {@code id} (JSON text, null for none). */
    public void setThresholds(long id, String json) {
        try {
            sql.update("update model set thresholds = cast(? as jsonb) where id = ?", json, id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("store the model's sensitivity", e);
        }
    }

    /** Inserts an inactive model row; its id. */
    public long insert(NewModel m) {
        try {
            return sql.first("""
                            insert into model (name, tags, metrics, training, file_path, active)
                            values (?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?, false) returning id""", rs -> rs.getLong(1), m.name(), m.tags(), m.metrics(), m.training(), m.filePath())
                    .orElseThrow();
        } catch (SQLException e) {
            throw DatabaseFailures.problem("store the model", e);
        }
    }

    /** Records which stored segments model {@code id} was trained on; segments deleted meanwhile are left out. */
    public void addTrainingSegments(long id, List<Long> rawIds) {
        try {
            sql.update("""
                    insert into model_training_segment (model_id, raw_id)
                    select ?, r.id from raw r where r.id = any(cast(? as bigint[]))""", id, rawIds.toArray(Long[]::new));
        } catch (SQLException e) {
            throw DatabaseFailures.problem("store the model's training segments", e);
        }
    }

    /** The keys of every model file a row refers to. */
    public List<String> filePaths() throws SQLException {
        return sql.list("select file_path from model where file_path is not null", rs -> rs.getString(1));
    }

    /** The name of tag {@code id}, if it exists. */
    public Optional<String> tagName(long id) {
        try {
            return sql.first("select name from tag where id = ?", rs -> rs.getString(1), id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the tags", e);
        }
    }

    /** A tag whose name equals {@code name} except in case, if any. */
    public Optional<String> tagDifferingInCase(String name) {
        try {
            return sql.first(
                    "select name from tag where lower(name) = lower(?) and name <> ?",
                    rs -> rs.getString(1),
                    name,
                    name);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read the tags", e);
        }
    }

    /** The id of tag {@code name}, created when missing (race-safe). */
    public long tagIdCreating(String name) {
        try {
            sql.update("insert into tag (name) values (?) on conflict (name) do nothing", name);
            return sql.first("select id from tag where name = ?", rs -> rs.getLong(1), name)
                    .orElseThrow();
        } catch (SQLException e) {
            throw DatabaseFailures.problem("create the model's tags", e);
        }
    }

    private static ModelRow row(ResultSet rs) throws SQLException {
        return new ModelRow(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                // at the column's microseconds, as the API showed them
                rs.getObject(5, OffsetDateTime.class).toInstant(),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8));
    }
}
