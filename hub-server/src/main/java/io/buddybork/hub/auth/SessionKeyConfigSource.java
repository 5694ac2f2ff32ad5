package io.buddybork.hub.auth;

import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.storage.DurableFiles.Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A config source holding only the session encryption key, loaded lazily from a key file and
 * created there with {@link DurableFiles} (256 random bits; the file is owner-only from creation,
 * fsynced, atomically renamed, its directory fsynced) the first time the key is asked for. Lazy on purpose: the build never reads runtime keys, so no key
 * is ever baked into the application. Thread-safe.
 */
final class SessionKeyConfigSource implements ConfigSource {

    private final Path keyFile;
    private volatile String key;

    SessionKeyConfigSource(Path keyFile) {
        this.keyFile = keyFile;
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
                    key = loadOrCreate();
                }
                k = key;
            }
        }
        return k;
    }

    private String loadOrCreate() {
        try {
            if (Files.isRegularFile(keyFile)) {
                String existing =
                        Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
                if (existing.length() >= 32) {
                    return existing;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String fresh = Base64.getEncoder().encodeToString(bytes);
            // Created owner-only (never briefly world-readable), fsynced, renamed and the directory fsynced.
            DurableFiles.write(keyFile, fresh.getBytes(StandardCharsets.US_ASCII), Access.OWNER_ONLY);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or create the session key file " + keyFile
                            + " (set quarkus.http.auth.session.encryption-key or fix the data directory)",
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
        return "buddybork-session-key-file";
    }
}
