package io.buddybork.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.testing.FreshDatabase;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session key lives in the database: created there once by whichever hub asks first (hubs
 * starting together agree), read back by every other hub and after restarts, imported from an
 * earlier version's key file (and copied into it for backups), and never used when a key is
 * configured.
 */
class SessionKeyConfigSourceTest {
    private static final String KEY = SessionKeyConfigSourceFactory.KEY_PROPERTY;

    @TempDir
    Path tmp;

    private String database;
    private String jdbcUrl;

    @BeforeEach
    void createDatabaseName() {
        // not created here: the store creates a missing database, as the hub does
        database = FreshDatabase.runScoped("key" + Integer.toString(new SecureRandom().nextInt(1 << 20), 36));
        jdbcUrl = FreshDatabase.SERVER + database;
    }

    @AfterEach
    void dropDatabase() {
        FreshDatabase.drop(database);
    }

    @Test
    void twoHubsStartingTogetherGetOneKeyCreatedOnceInTheDatabase() throws Exception {
        ConfigSource hubA = source(tmp.resolve("a"));
        ConfigSource hubB = source(tmp.resolve("b"));
        assertThat(hubA.getPropertyNames()).isEmpty(); // never listed, so a build cannot bake it in
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (ConfigSource s : List.of(hubA, hubB)) {
                keys.add(pool.submit((Callable<String>) () -> s.getValue(KEY)));
            }
            String a = keys.get(0).get();
            assertThat(keys.get(1).get()).isEqualTo(a);
            assertThat(Base64.getDecoder().decode(a)).hasSize(32);
            assertThat(storedKeys()).containsExactly(a);
        } finally {
            pool.shutdownNow();
        }
        // a copy for backups, owner-only, in each hub's data directory
        Path copy = tmp.resolve("a/secrets/session.key");
        assertThat(Files.readString(copy).strip()).isEqualTo(hubA.getValue(KEY));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .isEqualTo("rw-------");
        assertThat(hubA.getValue("quarkus.other")).isNull();
        assertThat(hubA.getOrdinal()).isLessThan(250);

        ConfigSource restarted = source(tmp.resolve("c"));
        assertThat(restarted.getValue(KEY)).isEqualTo(hubA.getValue(KEY));
    }

    @Test
    void theKeyFileOfAnEarlierVersionIsImportedSoSessionsSurviveTheUpgrade() throws Exception {
        Path upgraded = tmp.resolve("upgraded");
        String oldKey = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');
        Files.createDirectories(upgraded.resolve("secrets"));
        Files.writeString(upgraded.resolve("secrets/session.key"), oldKey + "\n", StandardCharsets.US_ASCII);

        assertThat(source(upgraded).getValue(KEY)).isEqualTo(oldKey);
        assertThat(source(tmp.resolve("second-hub")).getValue(KEY)).isEqualTo(oldKey);
        assertThat(storedKeys()).containsExactly(oldKey);
    }

    @Test
    void aKeyInTheDatabaseWinsOverAKeyFile() throws Exception {
        String first = source(tmp.resolve("first")).getValue(KEY);
        Path other = tmp.resolve("other");
        Files.createDirectories(other.resolve("secrets"));
        Files.writeString(other.resolve("secrets/session.key"), "x".repeat(44), StandardCharsets.US_ASCII);

        assertThat(source(other).getValue(KEY)).isEqualTo(first);
        assertThat(Files.readString(other.resolve("secrets/session.key")).strip())
                .as("the copy follows the database")
                .isEqualTo(first);
    }

    @Test
    void aConfiguredKeyWinsAndNoDatabaseIsAsked() {
        Map<String, String> values = new HashMap<>(settings(tmp));
        values.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        values.put(KEY, "configured-key-of-enough-length-123");
        assertThat(new SessionKeyConfigSourceFactory().getConfigSources(context(values)))
                .isEmpty();
        assertThat(tmp.resolve("secrets")).doesNotExist();
    }

    private ConfigSource source(Path dataDir) {
        Iterator<ConfigSource> it = new SessionKeyConfigSourceFactory()
                .getConfigSources(context(settings(dataDir)))
                .iterator();
        ConfigSource s = it.next();
        assertThat(it.hasNext()).isFalse();
        return s;
    }

    private Map<String, String> settings(Path dataDir) {
        return Map.of(
                "buddybork.data-dir",
                dataDir.toString(),
                "quarkus.datasource.jdbc.url",
                jdbcUrl,
                "quarkus.datasource.username",
                "postgres");
    }

    private List<String> storedKeys() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select value from " + SessionKeyStore.SCHEMA + ".hub_secret")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static ConfigSourceContext context(Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String v = values.get(name);
                return v == null
                        ? null
                        : ConfigValue.builder().withName(name).withValue(v).build();
            }

            @Override
            public List<String> getProfiles() {
                return List.of();
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        };
    }
}
