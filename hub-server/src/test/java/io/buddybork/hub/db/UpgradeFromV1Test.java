package io.buddybork.hub.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upgrade path of the database: a hub at schema V1 holding real rows is migrated by this
 * version's migrations, and every row, count and reference survives with the new columns at
 * their neutral values.
 */
class UpgradeFromV1Test {
    static final String HOST = "jdbc:postgresql://localhost:5432/";
    static final String DB = io.buddybork.hub.testing.FreshDatabase.runScoped("upgrade");

    @BeforeEach
    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(HOST + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DB + " with (force)");
        }
    }

    @Test
    void rowsWrittenAtV1SurviveEveryLaterMigration() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        DatabaseBootstrap.createIfMissing(HOST + DB, p, "postgres");
        Flyway.configure()
                .dataSource(HOST + DB, "postgres", null)
                .locations("classpath:db/migration")
                .target(MigrationVersion.fromVersion("1"))
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(HOST + DB, p);
                Statement s = c.createStatement()) {
            s.execute("insert into device (name, token_hash) values ('kitchen', repeat('a', 64))");
            s.execute(
                    "insert into app_user (username, password, role) values ('owner', '$2a$12$abcdefghijklmnopqrstuv', 'admin')");
            s.execute("insert into tag (name) values ('bark')");
            for (int i = 0; i < 5; i++) {
                s.execute(
                        "insert into raw (device_id, start_time, max_amp, path, duration_ms, sample_rate, sha256, size_bytes)"
                                + " values (1, timestamptz '2025-05-01 10:00:00+00' + " + i * 3
                                + " * interval '1 second', 1000,"
                                + " 'raw/1/2025/05/01/" + (1746093600000L + i * 3000L) + ".wav', 3000, 44100, sha256('"
                                + i + "'::bytea), 264644)");
            }
            s.execute("insert into annot (device_id, start_time, end_time, tag_id, created_by)"
                    + " values (1, '2025-05-01 10:00:01+00', '2025-05-01 10:00:02+00', 1, 'owner')");
            s.execute(
                    "insert into model (name, tags, file_path, active) values ('m1', '[{\"id\":1,\"name\":\"bark\"}]', 'models/m1.model', true)");
            s.execute(
                    "insert into detection (raw_id, model_id, start_time, tag_id, score) values (2, 1, '2025-05-01 10:00:03+00', 1, 0.93)");
        }

        var result = Flyway.configure()
                .dataSource(HOST + DB, "postgres", null)
                .locations("classpath:db/migration")
                .load()
                .migrate();

        assertThat(result.migrationsExecuted).isPositive();
        try (Connection c = DriverManager.getConnection(HOST + DB, p);
                Statement s = c.createStatement()) {
            assertThat(one(s, "select count(*) from raw")).isEqualTo(5);
            assertThat(one(s, "select segments from raw_day_count where day = '2025-05-01' and device_id = 1"))
                    .isEqualTo(5);
            assertThat(one(s, "select count(*) from annot where created_by = 'owner' and tag_id = 1"))
                    .isOne();
            assertThat(one(s, "select count(*) from detection where review is null and raw_id = 2"))
                    .isOne();
            assertThat(one(s, "select count(*) from model where active and file_path = 'models/m1.model'"))
                    .isOne();
            assertThat(one(s, "select count(*) from model_training_segment")).isZero();
            assertThat(one(s, "select count(*) from raw_tombstone")).isZero();
            // the raw_day_count trigger still works after the upgrade
            s.execute("delete from raw where id = 5");
            assertThat(one(s, "select segments from raw_day_count where day = '2025-05-01' and device_id = 1"))
                    .isEqualTo(4);
            // the running total of audio bytes starts from the rows there were and follows them
            assertThat(one(s, "select sum(bytes) from raw_bytes"))
                    .isEqualTo(one(s, "select sum(size_bytes) from raw"))
                    .isPositive();
            s.execute("truncate raw cascade");
            assertThat(one(s, "select coalesce(sum(bytes), 0) from raw_bytes")).isZero();
        }
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
