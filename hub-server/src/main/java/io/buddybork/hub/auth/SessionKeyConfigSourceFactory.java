package io.buddybork.hub.auth;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code quarkus.http.auth.session.encryption-key} when it is not configured: the key is
 * read from (or, on the first start of a database, created in) the hub's database, so every hub
 * of that database signs and reads the same sessions and sessions survive restarts, without any
 * constant key in the code. An older hub's {@code <data-dir>/secrets/session.key} is imported on
 * that first start. A configured key always wins.
 */
public final class SessionKeyConfigSourceFactory implements ConfigSourceFactory {

    /** The Quarkus property that encrypts the form-login session cookie. */
    public static final String KEY_PROPERTY = "quarkus.http.auth.session.encryption-key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<String> configured = value(context, KEY_PROPERTY);
        if (configured.isPresent() && !configured.get().isBlank()) {
            return List.of();
        }
        String dataDir = value(context, "buddybork.data-dir").orElse("./data");
        SessionKeyStore.Database db = new SessionKeyStore.Database(
                value(context, "quarkus.datasource.jdbc.url").orElse("jdbc:postgresql://localhost:5432/buddybork"),
                value(context, "quarkus.datasource.username"),
                value(context, "quarkus.datasource.password"),
                !"false"
                        .equalsIgnoreCase(value(context, "buddybork.database.create-if-missing")
                                .orElse("true")),
                value(context, "buddybork.database.maintenance-database").orElse("postgres"));
        return List.of(new SessionKeyConfigSource(
                new SessionKeyStore(db, Path.of(dataDir).resolve("secrets").resolve("session.key"))));
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null ? Optional.empty() : Optional.ofNullable(v.getValue());
    }
}
