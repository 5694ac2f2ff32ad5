package io.buddybork.hub.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens database connections of their own, outside the connection pool, with the pool's URL and
 * credentials: for a {@code LISTEN} that lasts as long as the hub, and for advisory locks that must
 * end with their session (closing such a connection releases whatever it held, which a pooled
 * connection going back to the pool would not). Thread-safe.
 */
@ApplicationScoped
public class ClusterConnections {

    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;

    ClusterConnections(
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    /** A new auto-commit connection that only its caller uses; the caller closes it. */
    public Connection open(String purpose) throws SQLException {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", "buddybork " + purpose);
        props.setProperty("connectTimeout", "10");
        // The driver directly, not DriverManager: the class loader that runs Quarkus need not be
        // the one DriverManager registered the driver with.
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        c.setAutoCommit(true);
        return c;
    }
}
