package io.buddybork.hub.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A config source holding only the session encryption key, loaded lazily from a key file and
 * created there (256 random bits, owner-only permissions, temp file + fsync + atomic rename) the
 * first time the key is asked for. Lazy on purpose: the build never reads runtime keys, so no key
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
                String existing = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
                if (existing.length() >= 32) {
                    return existing;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String fresh = Base64.getEncoder().encodeToString(bytes);
            Files.createDirectories(keyFile.getParent());
            Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(fresh.getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's ACL protects the file.
            }
            Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the session key file " + keyFile
                    + " (set quarkus.http.auth.session.encryption-key or fix the data directory)", e);
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
