package io.buddybork.hub.retention;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.backup.BackupLock;
import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.ingest.SegmentRepository.Deleted;
import io.buddybork.hub.testing.HubApi.Device;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The deleting statement of {@link SegmentRepository} and the deletion log of
 * {@link TombstoneRepository}: a round is held off while another session holds the backup lock,
 * and otherwise turns the oldest unprotected row into a tombstone whose file is then marked
 * removed. The row is from January 1970, so no other test's segment is older and the round
 * deletes no other test's rows.
 */
@QuarkusTest
class SegmentDeletionRepositoryTest {

    @Inject
    SegmentRepository segments;

    @Inject
    TombstoneRepository tombstones;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aRoundIsHeldOffByTheBackupLockAndThenLeavesATombstoneWhoseFileIsMarkedRemoved() throws Exception {
        Device device = createDevice("deletion-repository");
        long start = 86_400_000L + ThreadLocalRandom.current().nextLong(800_000) * 3000; // January 1970
        long id = segments.insert(new SegmentRepository.NewRow(
                        device.id(), start, 1200, "raw/test/" + start + ".wav", 3000, 16000, new byte[32], 96_044))
                .orElseThrow();
        OffsetDateTime before = OffsetDateTime.of(1970, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC); // after every pick

        try (Connection backup = DriverManager.getConnection(jdbcUrl, "postgres", null);
                Statement s = backup.createStatement()) {
            s.execute("select pg_advisory_lock(" + BackupLock.KEY + ")");
            assertThat(segments.deleteOldestUnprotected(BackupLock.KEY, "retention", before, 100))
                    .isEmpty();
            assertThat(segments.find(device.id(), start)).isPresent();
            // released here rather than by closing: a closed connection's server session can hold the
            // lock for a moment longer, and a loaded run's next round met it there
            s.execute("select pg_advisory_unlock(" + BackupLock.KEY + ")");
        }

        Optional<List<Deleted>> round = segments.deleteOldestUnprotected(BackupLock.KEY, "retention", before, 100);

        assertThat(round)
                .hasValueSatisfying(gone -> assertThat(gone)
                        .contains(new Deleted(
                                id, device.id(), Instant.ofEpochMilli(start), "raw/test/" + start + ".wav", 96_044)));
        assertThat(segments.find(device.id(), start)).isEmpty();
        assertThat(tombstones.fileNotRemoved()).extracting(Deleted::rawId).contains(id);

        tombstones.markFileRemoved(List.of(id));

        assertThat(tombstones.fileNotRemoved()).extracting(Deleted::rawId).doesNotContain(id);
        assertThat(tombstones.lastMonth())
                .filteredOn(d -> d.reason().equals("retention"))
                .singleElement()
                .satisfies(d -> assertThat(d.bytes()).isGreaterThanOrEqualTo(96_044));
    }
}
