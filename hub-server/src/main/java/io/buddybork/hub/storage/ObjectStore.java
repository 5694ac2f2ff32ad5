package io.buddybork.hub.storage;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stores audio segments and model files under keys that are relative paths with {@code /}
 * separators ({@code raw/<device>/<yyyy>/<mm>/<dd>/<startMs>.wav}, {@code models/<name>.bbm}),
 * the same strings the database keeps. Durability promise: when {@link #put} returns, the bytes
 * survive a crash of the hub and of the machine (local: fsync and atomic rename; S3: the server
 * acknowledged the PUT with a matching Content-MD5), and a reader sees either the old object, none,
 * or the complete new one, never a part. Implementations are thread-safe.
 */
public interface ObjectStore {

    /** Which backend this is. */
    StorageConfig.Backend backend();

    /** Writes {@code bytes} under {@code key}, replacing any object there; durable when it returns. */
    void put(String key, byte[] bytes) throws IOException;

    /**
     * A write in two steps: {@link #stage} does what can be done before it is known whether the
     * write may replace the object under the key, {@link Staged#publish} makes it visible there.
     */
    interface Staged extends AutoCloseable {
        /**
         * Puts the staged bytes under their key, replacing any object there: visible when it
         * returns, durable once {@link #force} returned too.
         */
        void publish() throws IOException;

        /**
         * Makes the published object durable (local: forces the directory that names it; S3: nothing
         * left to do, the acknowledged PUT is). Apart from {@link #publish} so that a caller can
         * hold a database transaction over the publish only, and commit before this.
         */
        void force() throws IOException;

        /** Drops what was staged unless it was published. */
        @Override
        void close() throws IOException;
    }

    /**
     * Stages {@code bytes} for {@code key}; nothing is visible under the key before
     * {@link Staged#publish}. By default only the bytes are kept and the publish is a {@link #put}
     * (an S3 PUT is atomic, and a temp object would cost a server-side copy); the local store
     * writes and forces a temp file here, so that publishing is a rename.
     */
    default Staged stage(String key, byte[] bytes) throws IOException {
        requireKey(key);
        return new Staged() {
            @Override
            public void publish() throws IOException {
                put(key, bytes);
            }

            @Override
            public void force() {
                // the acknowledged put is durable
            }

            @Override
            public void close() {
                // nothing was written
            }
        };
    }

    /** The bytes under {@code key}; {@link NoSuchFileException} when there is none. */
    byte[] read(String key) throws IOException;

    /**
     * At most {@code length} bytes of the object under {@code key} from byte {@code offset} on
     * (fewer when it ends sooner, none when {@code offset} is at or past its end);
     * {@link NoSuchFileException} when there is none. Reads only that part (S3: a ranged GET).
     */
    byte[] read(String key, long offset, int length) throws IOException;

    /** The size in bytes of the object under {@code key}; {@link NoSuchFileException} when there is none. */
    long size(String key) throws IOException;

    /** Whether an object exists under {@code key}. */
    boolean exists(String key) throws IOException;

    /** Deletes the object under {@code key} if present (durably); whether one was there. */
    boolean delete(String key) throws IOException;

    /** Passes every object whose key starts with {@code prefix} to {@code sink}, in key order. */
    void list(String prefix, Consumer<StoredObject> sink) throws IOException;

    /**
     * Checks that the store is reachable and writable (S3: the bucket exists, created if missing);
     * throws what is wrong.
     */
    void probe() throws IOException;

    /** A human description for logs and health: the directory, or the endpoint and bucket. */
    String describe();

    /**
     * The file behind {@code key} when this store keeps objects as local files (the data
     * directory); empty for a remote store, whose objects must be read through {@link #read}.
     */
    Optional<Path> localFile(String key);

    /**
     * Checks that {@code key} is a relative path that stays inside the store (no {@code ..}, no
     * leading {@code /}, no backslash), so a key from the database cannot reach other files.
     */
    static String requireKey(String key) {
        if (key == null
                || key.isEmpty()
                || key.startsWith("/")
                || key.indexOf('\\') >= 0
                || key.indexOf('\0') >= 0
                || ("/" + key + "/").contains("/../")
                || ("/" + key + "/").contains("/./")) {
            throw new IllegalArgumentException("not a stored key: " + key);
        }
        return key;
    }
}
