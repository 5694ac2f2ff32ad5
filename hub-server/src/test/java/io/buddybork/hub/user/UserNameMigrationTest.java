package io.buddybork.hub.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * Migration V40 (user names unique regardless of case) on a database of its own: it stops with the
 * names to resolve when two accounts differ only by case, and applies once they are resolved.
 */
class UserNameMigrationTest {
    private static final String SERVER = "jdbc:postgresql://localhost:5432/";
    private static final String DB = io.buddybork.hub.testing.FreshDatabase.runScoped("v40");

    @Test
    void namesDifferingOnlyByCaseStopTheMigrationWithTheirNamesUntilResolved() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DB);
            s.execute("create database " + DB);
        }
        // every migration before V40, whichever other features have added meanwhile
        MigrationVersion v40 = MigrationVersion.fromVersion("40");
        MigrationVersion last = java.util.Arrays.stream(Flyway.configure()
                        .dataSource(SERVER + DB, "postgres", "")
                        .locations("classpath:db/migration")
                        .load()
                        .info()
                        .all())
                .map(org.flywaydb.core.api.MigrationInfo::getVersion)
                .filter(v -> v.compareTo(v40) < 0)
                .max(java.util.Comparator.naturalOrder())
                .orElseThrow();
        Flyway.configure()
                .dataSource(SERVER + DB, "postgres", "")
                .locations("classpath:db/migration")
                .target(last)
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(SERVER + DB, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(
                    "insert into app_user (username, password, role) values ('Alice', 'x', 'admin'), ('alice', 'x', 'viewer'),"
                            + " ('bob', 'x', 'viewer')");
        }
        Flyway all = Flyway.configure()
                .dataSource(SERVER + DB, "postgres", "")
                .locations("classpath:db/migration")
                .load();
        assertThatThrownBy(all::migrate).hasStackTraceContaining("differ only by case: Alice, alice");

        try (Connection c = DriverManager.getConnection(SERVER + DB, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("update app_user set username = 'alice-2' where username = 'Alice'");
        }
        all.repair();
        all.migrate();
        try (Connection c = DriverManager.getConnection(SERVER + DB, "postgres", "");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() ->
                            s.execute("insert into app_user (username, password, role) values ('BOB', 'x', 'viewer')"))
                    .hasMessageContaining("app_user_username_lower_key");
            assertThat(s.executeQuery("select count(*) from app_user").next()).isTrue();
        }
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DB);
        }
    }
}
