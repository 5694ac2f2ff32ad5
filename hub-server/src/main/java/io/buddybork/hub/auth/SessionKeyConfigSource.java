package io.buddybork.hub.auth;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A config source holding only the session encryption key, loaded lazily from the database the
 * first time the key is asked for (see {@link SessionKeyStore}: shared by every hub of the
 * database, created there once). Lazy on purpose: the build never reads runtime keys, so no key is
 * ever baked into the application, and nothing connects to a database at build time. Thread-safe.
 */
final class SessionKeyConfigSource implements ConfigSource {

    private final SessionKeyStore store;
    private volatile String key;

    SessionKeyConfigSource(SessionKeyStore store) {
        this.store = store;
    }

    @Override
    public Set<String> getPropertyNames() {
        // Not listed: listing would make the build record (and so generate) the value.
        return Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public String getValue(String propertyName) {
        if (!SessionKeyConfigSourceFactory.KEY_PROPERTY.equals(propertyName)) {
            return null;
        }
        String k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                k = key;
            }
        }
        return k;
    }

    private String load() {
        try {
            return store.loadOrCreate();
        } catch (SQLException | IllegalStateException e) {
            throw new IllegalStateException(
                    "cannot read or create the session key in the database (" + e.getMessage() + "). Check"
                            + " QUARKUS_DATASOURCE_JDBC_URL and that the hub's database user may create a schema"
                            + " (GRANT CREATE ON DATABASE), or set QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY,"
                            + " the same on every hub",
                    e);
        }
    }

    @Override
    public int getOrdinal() {
        // Below application.properties (250) and the environment (300): configuration wins.
        return 50;
    }

    @Override
    public String getName() {
        return "buddybork-session-key-database";
    }
}
