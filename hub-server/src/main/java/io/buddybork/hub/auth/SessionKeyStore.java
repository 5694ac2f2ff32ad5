package io.buddybork.hub.auth;

import io.buddybork.hub.db.DatabaseBootstrap;
import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.storage.DurableFiles.Access;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The session key every hub of one database shares, kept in that database with plain JDBC: read
 * from {@code buddybork_secrets.hub_secret}, or on the first start created there once, race-safe
 * ({@code INSERT ... ON CONFLICT DO NOTHING}, then read back whichever insert won), from the key
 * file an earlier version wrote into the data directory when there is one (so signed-in browsers
 * stay signed in across the upgrade), else 256 random bits.
 *
 * <p>Why plain JDBC and its own schema: Quarkus reads the key while it builds its configuration,
 * before any bean, pool or Flyway migration exists. So the store connects with the datasource
 * settings itself, creates the database when missing (as {@link DatabaseBootstrap} would a moment
 * later), and keeps the key outside the schema Flyway manages: a table there before the first
 * migration would make Flyway refuse a non-empty schema without history. The schema, the table and
 * the first key are created in one transaction under an advisory lock, so hubs starting together
 * agree. The database's key is copied into {@code <data-dir>/secrets/session.key} (owner-only,
 * durably): backups copy the project's schema, not this one, but they copy that file, and a
 * restore into an empty database imports it again.
 */
final class SessionKeyStore {
    static final String SCHEMA = "buddybork_secrets";
    static final String NAME = "session-key";
    /** Serialises the creation among hubs ("bbsecret" in ASCII). */
    private static final long CREATE_LOCK = 0x6262_7365_6372_6574L;

    private static final String SELECT = "select value from " + SCHEMA + ".hub_secret where name = ?";

    /** Where and how to connect: the datasource settings as configured. */
    record Database(
            String jdbcUrl,
            Optional<String> username,
            Optional<String> password,
            boolean createIfMissing,
            String maintenanceDatabase) {}

    private final Database db;
    private final Path legacyKeyFile;

    SessionKeyStore(Database db, Path legacyKeyFile) {
        this.db = db;
        this.legacyKeyFile = legacyKeyFile;
    }

    /** The shared key, created on first use. */
    String loadOrCreate() throws SQLException {
        Properties props = new Properties();
        db.username().ifPresent(u -> props.setProperty("user", u));
        db.password().ifPresent(p -> props.setProperty("password", p));
        if (db.createIfMissing()) {
            DatabaseBootstrap.createIfMissing(db.jdbcUrl(), props, db.maintenanceDatabase());
        }
        props.setProperty("ApplicationName", "buddybork session key");
        props.setProperty("connectTimeout", "10");
        // The driver itself: the class loader building the configuration need not see DriverManager's.
        try (Connection c = new org.postgresql.Driver().connect(db.jdbcUrl(), props)) {
            if (c == null) {
                throw new SQLException("not a PostgreSQL JDBC URL: " + db.jdbcUrl());
            }
            String key = read(c).orElse(null);
            if (key == null) {
                key = create(c);
            }
            keepFileCopy(key);
            return key;
        }
    }

    /**
     * Keeps the data directory's key file equal to the database's key: backups copy the data
     * directory but not this schema, and a restore into an empty database imports the file, so
     * signed-in users stay signed in after a restore. Best effort: a hub that cannot write its data
     * directory fails later, where that is reported properly.
     */
    private void keepFileCopy(String key) {
        if (legacyKeyFile == null || legacyKey().filter(key::equals).isPresent()) {
            return;
        }
        try {
            DurableFiles.write(legacyKeyFile, key.getBytes(StandardCharsets.US_ASCII), Access.OWNER_ONLY);
        } catch (IOException e) {
            // see above
        }
    }

    private static Optional<String> read(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SELECT)) {
            q.setString(1, NAME);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return Optional.empty(); // undefined table or schema: the first start
            }
            throw e;
        }
    }

    private String create(Connection c) throws SQLException {
        String candidate = legacyKey().orElseGet(SessionKeyStore::randomKey);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("select pg_advisory_xact_lock(" + CREATE_LOCK + ")");
            s.execute("create schema if not exists " + SCHEMA);
            s.execute("create table if not exists " + SCHEMA + ".hub_secret (name text primary key,"
                    + " value text not null, created timestamptz not null default now())");
            try (PreparedStatement q = c.prepareStatement("insert into " + SCHEMA
                    + ".hub_secret (name, value) values (?, ?) on conflict (name) do nothing")) {
                q.setString(1, NAME);
                q.setString(2, candidate);
                q.executeUpdate();
            }
            String winner = read(c).orElseThrow(() -> new SQLException("session key vanished after its insert"));
            c.commit();
            return winner;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The key file (an earlier version's, or the copy kept for backups), if it holds a key. */
    private Optional<String> legacyKey() {
        try {
            if (legacyKeyFile != null && Files.isRegularFile(legacyKeyFile)) {
                String existing = Files.readString(legacyKeyFile, StandardCharsets.US_ASCII)
                        .strip();
                if (existing.length() >= 32) {
                    return Optional.of(existing);
                }
            }
        } catch (IOException e) {
            // unreadable: a new key it is (sessions signed with the old one end, nothing worse)
        }
        return Optional.empty();
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
