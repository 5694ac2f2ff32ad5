package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.testmodels.BarkBeepModel;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test fixture for models of {@link SyntheticSounds}: trains an open-set model with the recognition API
 * (deterministic, seconds instead of a training job over days of audio), saves it under the data
 * root and inserts its {@code model} row (tags as {id, name} in classifier order), as an import
 * would; broken or missing model files need a row the import API would refuse. Activation goes
 * through the real {@code PUT /api/v1/models/active}.
 */
public final class TestModels {
    private static volatile OpenSetModel trained;

    /** Longest wait for the detector to take up a model (a busy machine is slow, not wrong). */
    private static final Duration WAIT = Duration.ofSeconds(90);

    private TestModels() {}

    /**
     * An inactive test model named {@code name}: the bark/beep model saved under {@code dataRoot},
     * its row inserted with the tags "bark" and "beep" (created when missing); its id.
     */
    public static long barkBeep(javax.sql.DataSource ds, Path dataRoot, String name) {
        return insert(ds, dataRoot, name, barkBeepModel(), List.of(tag("bark"), tag("beep")));
    }

    /**
     * Makes {@code modelId} the active model (null: none) and waits until the detector reports it
     * ({@code ready}, or {@code none}).
     */
    public static void activateAndAwait(Long modelId) {
        activate(modelId);
        awaitDetector(modelId == null ? "none" : "ready");
    }

    /** Waits until the detector's state ({@code GET /api/v1/detections/status}) is {@code state}. */
    public static void awaitDetector(String state) {
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .statusCode(200)
                        .body("state", equalTo(state)));
    }

    /** A created tag. */
    public record TagRef(long id, String name) {}

    /** The tag named {@code name}, created through the API when missing. */
    public static TagRef tag(String name) {
        List<Map<String, Object>> existing = asAdmin()
                .get("/api/v1/tags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        for (Map<String, Object> t : existing) {
            if (name.equals(t.get("name"))) {
                return new TagRef(((Number) t.get("id")).longValue(), name);
            }
        }
        long id = asAdmin()
                .contentType("application/json")
                .body(Map.of("name", name))
                .post("/api/v1/tags")
                .then()
                .statusCode(org.hamcrest.Matchers.lessThan(300))
                .extract()
                .jsonPath()
                .getLong("id");
        return new TagRef(id, name);
    }

    /**
     * The bark/beep model (trained once per JVM: training is deterministic), whose classifier tags
     * are named "bark" and "beep".
     */
    public static synchronized OpenSetModel barkBeepModel() {
        if (trained == null) {
            trained = BarkBeepModel.train();
        }
        return trained;
    }

    /**
     * Saves {@code model} as {@code models/<file>.model} under {@code dataRoot} and inserts an
     * inactive {@code model} row whose tags map the classifier's tag names to {@code tags} (same order).
     */
    public static long insert(
            javax.sql.DataSource ds, Path dataRoot, String name, OpenSetModel model, List<TagRef> tags) {
        String relative = "models/test-" + System.nanoTime() + ".model";
        try {
            Files.createDirectories(dataRoot.resolve("models"));
            ModelStore.save(model, dataRoot.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return insertRow(ds, name, relative, model.tags(), tags);
    }

    /** Inserts an inactive model row pointing at {@code relativeFile} (which may be broken or missing). */
    public static long insertRow(
            javax.sql.DataSource ds, String name, String relativeFile, List<String> classifierTags, List<TagRef> tags) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < classifierTags.size(); i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":")
                    .append(tags.get(i).id())
                    .append(",\"name\":\"")
                    .append(classifierTags.get(i))
                    .append("\"}");
        }
        json.append(']');
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "insert into model (name, tags, file_path) values (?, cast(? as jsonb), ?) returning id")) {
            q.setString(1, name);
            q.setString(2, json.toString());
            q.setString(3, relativeFile);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes {@code modelId} the active model (null: none) through {@code PUT /api/v1/models/active}. */
    public static void activate(Long modelId) {
        String body = modelId == null ? "{\"modelId\": null}" : "{\"modelId\": " + modelId + "}";
        asAdmin()
                .contentType("application/json")
                .body(body)
                .put("/api/v1/models/active")
                .then()
                .statusCode(200);
    }

    /**
     * Announces {@code modelId} again without changing the library, as the detector's periodic check
     * would notice a changed file; the API only announces real changes.
     */
    public static void reannounce(Event<ActiveModelChanged> event, Long modelId) {
        event.fire(new ActiveModelChanged(modelId));
    }
}
