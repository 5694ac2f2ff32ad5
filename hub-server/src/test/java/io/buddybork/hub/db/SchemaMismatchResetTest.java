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
 * A reused test database whose migration history came from other code (another branch's
 * migration) is wiped and migrated afresh instead of stopping the hub, while a database that only
 * lacks newer migrations keeps its rows.
 */
class SchemaMismatchResetTest {
    static final String HOST = "jdbc:postgresql://localhost:5432/";
    static final String DB = io.buddybork.hub.testing.FreshDatabase.runScoped("schema_reset");

    @BeforeEach
    void freshDatabase() throws SQLException {
        dropDatabase();
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        DatabaseBootstrap.createIfMissing(HOST + DB, p, "postgres");
    }

    /** The run's database of this test goes with it (it used to be created again after each test). */
    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(HOST + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DB + " with (force)");
        }
    }

    @Test
    void aHistoryWithAMigrationThisBuildLacksIsWipedAndMigratedAfresh() throws SQLException {
        Flyway flyway = flyway();
        flyway.migrate();
        try (Connection c = DriverManager.getConnection(HOST + DB, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("insert into tag (name) values ('left-over')");
            // what a test run of a branch with a V20 migration leaves behind
            s.execute("insert into flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) values (999, '20', 'other branch',"
                    + " 'SQL', 'V20__other_branch.sql', 1, 'postgres', 1, true)");
        }
        assertThat(flyway.validateWithResult().validationSuccessful).isFalse();

        assertThat(DatabaseBootstrap.resetWhenHistoryDiffers(flyway)).isTrue();
        flyway.migrate();

        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        try (Connection c = DriverManager.getConnection(HOST + DB, "postgres", null);
                Statement s = c.createStatement()) {
            assertThat(one(s, "select count(*) from tag")).isZero();
        }
    }

    @Test
    void aHistoryThatOnlyLacksNewerMigrationsKeepsItsRows() throws SQLException {
        Flyway.configure()
                .dataSource(HOST + DB, "postgres", null)
                .locations("classpath:db/migration")
                .target(MigrationVersion.fromVersion("1"))
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(HOST + DB, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("insert into tag (name) values ('kept')");
        }
        Flyway flyway = flyway();

        assertThat(DatabaseBootstrap.resetWhenHistoryDiffers(flyway)).isFalse();
        flyway.migrate();

        try (Connection c = DriverManager.getConnection(HOST + DB, "postgres", null);
                Statement s = c.createStatement()) {
            assertThat(one(s, "select count(*) from tag where name = 'kept'")).isOne();
        }
    }

    private static Flyway flyway() {
        return Flyway.configure()
                .dataSource(HOST + DB, "postgres", null)
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                .load();
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
