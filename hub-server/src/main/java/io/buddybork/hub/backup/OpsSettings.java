package io.buddybork.hub.backup;

import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StorageConfig;
import io.buddybork.hub.storage.StoreProducer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the data lives, as the commands of the hub jar see it: the data directory and the
 * datasource, read from the same places and with the same precedence as the running hub
 * (system properties, environment such as {@code BUDDYBORK_DATA_DIR} and
 * {@code QUARKUS_DATASOURCE_JDBC_URL}, {@code config/application.properties}, the packaged
 * {@code application.properties}; profile {@code prod}) without booting Quarkus. Immutable.
 */
public record OpsSettings(
        Path dataDir,
        String jdbcUrl,
        Optional<String> username,
        Optional<String> password,
        String maintenanceDatabase) {

    /** Reads the settings of the hub's usual environment. */
    public static OpsSettings fromEnvironment() {
        SmallRyeConfig config = environment();
        return new OpsSettings(
                Path.of(config.getOptionalValue("buddybork.data-dir", String.class)
                                .orElse("./data"))
                        .toAbsolutePath()
                        .normalize(),
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class),
                config.getOptionalValue("buddybork.database.maintenance-database", String.class)
                        .orElse("postgres"));
    }

    /**
     * Opens the audio and model store of the hub's usual environment ({@code BUDDYBORK_STORAGE},
     * {@code BUDDYBORK_S3_*}): the data directory, or the S3 bucket. The caller closes it
     * ({@link StoreProducer#close}).
     */
    public ObjectStore openStore() {
        return StoreProducer.open(environment().getConfigMapping(StorageConfig.class), dataDir);
    }

    private static SmallRyeConfig environment() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .forClassLoader(cl)
                .addDefaultInterceptors()
                .addDefaultSources()
                .withProfile("prod");
        try {
            var resources = cl.getResources("application.properties");
            while (resources.hasMoreElements()) {
                URL url = resources.nextElement();
                builder.withSources(new PropertiesConfigSource(url, 250));
            }
            Path local = Path.of("config", "application.properties");
            if (Files.isRegularFile(local)) {
                builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), 260));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the hub's application.properties: " + e.getMessage(), e);
        }
        // only the store's keys are mapped here; the rest of buddybork.* belongs to the running hub
        return builder.withMapping(StorageConfig.class)
                .withValidateUnknown(false)
                .build();
    }

    /** A new connection to the configured database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, properties());
    }

    /** Connection properties (user, password, a connect timeout). */
    public Properties properties() {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "10");
        return props;
    }
}
