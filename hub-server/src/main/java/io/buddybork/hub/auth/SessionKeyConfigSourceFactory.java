package io.buddybork.hub.auth;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code quarkus.http.auth.session.encryption-key} when it is not configured: the key is
 * read from (or, on first start, generated into) {@code <data-dir>/secrets/session.key}, so
 * sessions survive restarts without any constant key in the code. A configured key always wins.
 */
public final class SessionKeyConfigSourceFactory implements ConfigSourceFactory {

    /** The Quarkus property that encrypts the form-login session cookie. */
    public static final String KEY_PROPERTY = "quarkus.http.auth.session.encryption-key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(KEY_PROPERTY);
        if (configured != null
                && configured.getValue() != null
                && !configured.getValue().isBlank()) {
            return List.of();
        }
        ConfigValue dir = context.getValue("buddybork.data-dir");
        String dataDir = dir != null && dir.getValue() != null ? dir.getValue() : "./data";
        return List.of(
                new SessionKeyConfigSource(Path.of(dataDir).resolve("secrets").resolve("session.key")));
    }
}
