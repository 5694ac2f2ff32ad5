package io.buddybork.hub.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.detect.ModelRowRepository.ModelRow;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.recognition.model.ModelLimits;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Finds the active model in the {@code model} table (read only: the model library owns that table)
 * and loads its file with {@link ModelStore}, caching loaded models by id (with the owner's
 * threshold settings from the row, re-read on every refresh). The current state
 * (none, ready, unavailable with a reason) is replaced atomically by {@link #refresh()}, which
 * live detection calls at start, on {@code ActiveModelChanged} and periodically. A file that is
 * missing, corrupt or made for another feature version makes the state "unavailable" and is logged
 * once per change; ingest never depends on it. Thread-safe.
 */
@ApplicationScoped
public class ActiveModels {
    private static final Logger LOG = Logger.getLogger(ActiveModels.class);

    /** Current state: an immutable snapshot. */
    public record State(String state, Long modelId, String modelName, String reason, LoadedModel model) {
        static final State NONE = new State("none", null, null, null, null);

        boolean ready() {
            return model != null;
        }
    }

    private final ConcurrentHashMap<Long, LoadedModel> cache = new ConcurrentHashMap<>();
    private volatile State state = State.NONE;

    @Inject
    ModelRowRepository rows;

    @Inject
    ObjectStore store;

    @Inject
    ObjectMapper json;

    /** The current state. */
    public State state() {
        return state;
    }

    /** The active model when it is loaded and usable. */
    public Optional<LoadedModel> active() {
        return Optional.ofNullable(state.model());
    }

    /**
     * Re-reads the active model's row and loads its file when the active model changed or its file
     * did ({@code reload}: drop the cached copy first). Returns the new state.
     */
    public synchronized State refresh(boolean reload) {
        State before = state;
        State after;
        try {
            Optional<ModelRow> row = activeRow();
            if (row.isEmpty()) {
                after = State.NONE;
            } else {
                ModelRow r = row.get();
                if (reload) {
                    cache.remove(r.id());
                }
                if (r.filePath() == null) {
                    after = new State("unavailable", r.id(), r.name(), "the model has no file", null);
                } else {
                    try {
                        if (!store.exists(r.filePath())) {
                            throw new NoSuchFileException(r.filePath());
                        }
                        after = new State("ready", r.id(), r.name(), null, load(r));
                    } catch (NoSuchFileException e) {
                        cache.remove(r.id());
                        after = new State(
                                "unavailable", r.id(), r.name(), "model file " + r.filePath() + " is missing", null);
                    } catch (IOException | RuntimeException e) {
                        after = new State("unavailable", r.id(), r.name(), e.getMessage(), null);
                    }
                }
            }
        } catch (SQLException e) {
            // keep scoring with what we have; the next check retries
            LOG.warnf("Cannot read the active model from the database: %s", e.getMessage());
            return before;
        }
        state = after;
        if (!after.state().equals(before.state())
                || !java.util.Objects.equals(after.modelId(), before.modelId())
                || !java.util.Objects.equals(after.reason(), before.reason())) {
            switch (after.state()) {
                case "ready" ->
                    LOG.infof(
                            "Live detection uses model %d (%s), tags %s",
                            after.modelId(),
                            after.modelName(),
                            after.model().model().tags());
                case "none" -> LOG.info("Live detection: no active model; segments are stored but not scored");
                default ->
                    LOG.warnf(
                            "Live detection: model %d (%s) unavailable: %s; segments are stored but not scored",
                            after.modelId(), after.modelName(), after.reason());
            }
        }
        return after;
    }

    /**
     * Any model of the library by id (for re-detecting with a model that is not active).
     *
     * @throws ProblemException 404 when there is no such model, 409 when its file cannot be used
     */
    public LoadedModel byId(long id) {
        ModelRow row;
        try {
            row = findRow(id).orElseThrow(() -> ProblemException.notFound("unknown-model", "no model with id " + id));
        } catch (SQLException e) {
            throw ProblemException.unavailable("database-unavailable", "the database cannot answer now", 5, e);
        }
        if (row.filePath() == null) {
            throw ProblemException.conflict("model-unavailable", "model " + id + " has no file");
        }
        try {
            return load(row);
        } catch (IOException | RuntimeException e) {
            throw ProblemException.conflict(
                    "model-unavailable", "model " + id + " cannot be loaded: " + e.getMessage());
        }
    }

    private LoadedModel load(ModelRow r) throws IOException {
        LoadedModel cached = cache.get(r.id());
        Map<String, Double> overrides = overrides(r);
        if (cached != null) {
            if (cached.overrides().equals(overrides)) {
                return cached;
            }
            // the owner moved a threshold: same recogniser, new decisions
            LoadedModel updated =
                    new LoadedModel(cached.id(), cached.name(), cached.model(), cached.tagIds(), overrides);
            cache.put(r.id(), updated);
            return updated;
        }
        OpenSetModel model = ModelStore.fromBytes(store.read(r.filePath()), r.filePath(), ModelLimits.defaults());
        Map<String, Long> ids = new LinkedHashMap<>();
        for (JsonNode t : json.readTree(r.tagsJson())) {
            if (t.hasNonNull("name") && t.hasNonNull("id")) {
                ids.put(t.get("name").asText(), t.get("id").asLong());
            }
        }
        for (String tag : model.tags()) {
            if (!ids.containsKey(tag)) {
                throw new IOException("the model's tag '" + tag + "' is not in its row's tag list " + ids.keySet());
            }
        }
        LoadedModel loaded = new LoadedModel(r.id(), r.name(), model, ids, overrides);
        cache.put(r.id(), loaded);
        return loaded;
    }

    /** The owner's per-tag thresholds of a row ({tag: threshold}; nulls and non-numbers ignored). */
    private Map<String, Double> overrides(ModelRow r) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        if (r.thresholdsJson() != null) {
            JsonNode node = json.readTree(r.thresholdsJson());
            node.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    out.put(e.getKey(), e.getValue().asDouble());
                }
            });
        }
        return out;
    }

    /** The id of the active model as the database says now, without loading its file. */
    public Optional<Long> activeId() throws SQLException {
        return activeRow().map(ModelRow::id);
    }

    private Optional<ModelRow> activeRow() throws SQLException {
        return rows.active();
    }

    private Optional<ModelRow> findRow(long id) throws SQLException {
        return rows.find(id);
    }
}
