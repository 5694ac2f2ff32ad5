package io.buddybork.hub.db;

import io.buddybork.hub.config.HubConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Brings the database to the current schema before anything else touches it: creates the
 * configured PostgreSQL database when it is missing (through the maintenance database, with the
 * same credentials), then runs the Flyway migrations, then fires {@link SchemaReady}. Runs first
 * among startup observers; Flyway's own migrate-at-start is off so that it cannot run earlier.
 */
@ApplicationScoped
public class DatabaseBootstrap {
    private static final Logger LOG = Logger.getLogger(DatabaseBootstrap.class);
    /** jdbc:postgresql://host[:port][,host2...]/database[?params] */
    private static final Pattern PG_URL = Pattern.compile("jdbc:postgresql://([^/?#]*)/([^/?#]*)(\\?.*)?");

    private static final int MIN_POSTGRESQL = 13;
    private static final Pattern SAFE_DB_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,63}");

    @Inject
    HubConfig config;

    @Inject
    Flyway flyway;

    @Inject
    Event<SchemaReady> schemaReady;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.database().createIfMissing()) {
            ensureDatabaseExists();
        }
        if (config.database().resetOnSchemaMismatch()) {
            resetWhenHistoryDiffers(flyway);
        }
        var result = flyway.migrate();
        LOG.infof(
                "Database schema at version %s (%d migration(s) applied now)",
                flyway.info().current() == null
                        ? "none"
                        : flyway.info().current().getVersion(),
                result.migrationsExecuted);
        schemaReady.fire(new SchemaReady());
    }

    /**
     * Wipes the schema of {@code flyway} when its migration history does not match the migrations
     * this build carries, so that the next migrate starts afresh. A reused test database may hold
     * the history of another branch's migrations, and Flyway would refuse to start on it; such a
     * database holds nothing worth keeping. Pending migrations alone are no mismatch.
     *
     * @return whether the schema was wiped
     */
    public static boolean resetWhenHistoryDiffers(Flyway flyway) {
        // Anything but pending migrations (future ones included) means the history came from other code.
        var validation = Flyway.configure()
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:pending")
                .load()
                .validateWithResult();
        if (validation.validationSuccessful) {
            return false;
        }
        LOG.warnf(
                "Schema history does not match this build (%s); wiping the database because"
                        + " buddybork.database.reset-on-schema-mismatch is on",
                validation.getAllErrorMessages());
        flyway.clean();
        return true;
    }

    /** Creates the configured database when missing; fails startup with a clear message otherwise. */
    void ensureDatabaseExists() {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        createIfMissing(jdbcUrl, props, config.database().maintenanceDatabase());
    }

    /**
     * Creates the database of {@code jdbcUrl} when missing, through {@code maintenanceDatabase} with
     * the same credentials; also used by the restore command, which runs without Quarkus.
     *
     * @throws IllegalStateException naming the fault when the server is unreachable, too old, or the
     *         database cannot be created
     */
    public static void createIfMissing(String jdbcUrl, Properties credentials, String maintenanceDatabase) {
        Matcher m = PG_URL.matcher(jdbcUrl);
        if (!m.matches()) {
            LOG.warnf("Not a plain PostgreSQL JDBC URL, skipping database creation: %s", jdbcUrl);
            return;
        }
        String hosts = m.group(1);
        String database = m.group(2);
        String params = m.group(3) == null ? "" : m.group(3);
        Properties props = new Properties();
        props.putAll(credentials);
        props.setProperty("connectTimeout", "10");
        // Fast path: the database usually exists already.
        try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
            requireSupportedVersion(c);
            return;
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) { // invalid_catalog_name = database does not exist
                throw unreachable(hosts, database, e);
            }
        }
        if (!SAFE_DB_NAME.matcher(database).matches()) {
            throw new IllegalStateException("Database '" + database + "' does not exist and its name is"
                    + " not a plain identifier; create it by hand (createdb) or fix quarkus.datasource.jdbc.url");
        }
        String maintenanceUrl = "jdbc:postgresql://" + hosts + "/" + maintenanceDatabase + params;
        try (Connection c = DriverManager.getConnection(maintenanceUrl, props)) {
            try (PreparedStatement q = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                q.setString(1, database);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("create database \"" + database + "\"");
                LOG.infof("Created PostgreSQL database '%s' on %s", database, hosts);
            }
        } catch (SQLException e) {
            // duplicate_database, or (both creating at once) the unique index of pg_database:
            // another process, e.g. a second hub starting too, won the race
            if ("42P04".equals(e.getSQLState()) || "23505".equals(e.getSQLState())) {
                return;
            }
            throw new IllegalStateException(
                    "Database '" + database + "' does not exist on " + hosts
                            + " and could not be created through the '" + maintenanceDatabase
                            + "' database (" + e.getMessage() + "). Create it with: createdb -h <host> -U <user> "
                            + database + ", or give the user the CREATEDB privilege.",
                    e);
        }
    }

    private static void requireSupportedVersion(Connection c) throws SQLException {
        int major = c.getMetaData().getDatabaseMajorVersion();
        if (major < MIN_POSTGRESQL) {
            throw new IllegalStateException("PostgreSQL " + c.getMetaData().getDatabaseProductVersion()
                    + " is too old: Buddybork needs " + MIN_POSTGRESQL + " or newer");
        }
    }

    private static IllegalStateException unreachable(String hosts, String database, SQLException e) {
        return new IllegalStateException(
                "Cannot connect to PostgreSQL at " + hosts + " (database '"
                        + database + "'): " + e.getMessage() + ". Is PostgreSQL running (systemctl status postgresql)?"
                        + " Set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and"
                        + " QUARKUS_DATASOURCE_PASSWORD to point the hub at your server.",
                e);
    }

    /** Fired once the schema is current; observers may use the database from then on. */
    public record SchemaReady() {}
}
