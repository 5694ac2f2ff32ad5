package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.testing.Db;
import io.buddybork.recognition.model.ModelStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hub converts the old-format model files it stores, in place, and leaves current ones alone. */
@QuarkusTest
class ModelFileUpgradeTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    ModelFileUpgrade upgrade;

    @Test
    void anOldModelFileOfARowIsRewrittenInTheCurrentFormatOnce() throws Exception {
        String relative = "models/upgrade-" + UUID.randomUUID() + ".model";
        Path file = files.dataRoot().resolve(relative);
        Files.createDirectories(file.getParent());
        try (var in = getClass().getResourceAsStream("legacy-baseline.model")) {
            Files.write(file, in.readAllBytes());
        }
        Files.writeString(ModelStore.metadataPath(file), "{\"metrics\": {\"closed_set_accuracy\": 0.5}}");
        long id = Db.queryLong(
                ds,
                "insert into model (name, tags, metrics, training, file_path, active) values "
                        + "('old one', '[]'::jsonb, '{}'::jsonb, '{}'::jsonb, ?, false) returning id",
                relative);
        try {
            assertThat(ModelStore.formatOf(file)).isEqualTo(1);
            assertThat(upgrade.upgradeAll()).isGreaterThanOrEqualTo(1);
            assertThat(ModelStore.formatOf(file)).isEqualTo(ModelStore.FORMAT_VERSION);
            assertThat(ModelStore.load(file).tags()).containsExactly("low_hum", "mid_pulse", "high_chirp");
            assertThat(ModelStore.readMetadata(file)
                            .metrics()
                            .get("closed_set_accuracy")
                            .asDouble())
                    .isEqualTo(0.5);
            byte[] converted = Files.readAllBytes(file);
            upgrade.upgradeAll();
            assertThat(Files.readAllBytes(file)).isEqualTo(converted);
        } finally {
            Db.update(ds, "delete from model where id = ?", id);
            Files.deleteIfExists(file);
            Files.deleteIfExists(ModelStore.metadataPath(file));
        }
    }
}
