package io.buddybork.hub.storage;

import io.buddybork.model.storage.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The default store: files under the data directory. A put goes through {@link DurableFiles}
 * (temp file beside the target, fsync, atomic rename, directory fsync), so a crash leaves either
 * no file or a complete one; temp files are never listed. Thread-safe (no state but the root).
 */
public final class LocalObjectStore implements ObjectStore {
    private final Path root;

    /** A store rooted at {@code root} (made absolute). */
    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StorageConfig.Backend backend() {
        return StorageConfig.Backend.LOCAL;
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        DurableFiles.write(fileOf(key), bytes);
    }

    /** The temp file beside the target, written and forced now; the publish renames it, the force forces the directory. */
    @Override
    public Staged stage(String key, byte[] bytes) throws IOException {
        Path target = fileOf(key);
        Path temp = DurableFiles.writeTemporary(target, bytes);
        return new Staged() {
            private boolean published;

            @Override
            public void publish() throws IOException {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                published = true;
            }

            @Override
            public void force() throws IOException {
                DurableFiles.fsyncDirectory(target.getParent());
            }

            @Override
            public void close() throws IOException {
                if (!published) {
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    @Override
    public byte[] read(String key) throws IOException {
        return Files.readAllBytes(fileOf(key));
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        try (FileChannel ch = FileChannel.open(fileOf(key), StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.max(0, Math.min(length, size - offset));
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    break; // truncated while read: give what there was
                }
            }
            return buf.position() == n ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(fileOf(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(fileOf(key));
    }

    @Override
    public boolean delete(String key) throws IOException {
        return DurableFiles.delete(fileOf(key));
    }

    @Override
    public void list(String prefix, Consumer<StoredObject> sink) throws IOException {
        // walk from the deepest directory the prefix names, then filter by the whole prefix
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(ObjectStore.requireKey(prefix.substring(0, slash)));
        if (!Files.isDirectory(start)) {
            return;
        }
        List<StoredObject> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)
                        || DurableFiles.isTemporary(p.getFileName().toString())) {
                    continue;
                }
                String key =
                        root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix)) {
                    try {
                        found.add(new StoredObject(
                                key, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
                    } catch (NoSuchFileException gone) {
                        // deleted while listing: not there any more
                    }
                }
            }
        }
        found.sort(java.util.Comparator.comparing(StoredObject::key));
        found.forEach(sink);
    }

    @Override
    public void probe() throws IOException {
        Files.createDirectories(root);
        Path probe = Files.createTempFile(root, ".health-", ".tmp");
        Files.delete(probe);
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public Optional<Path> localFile(String key) {
        return Optional.of(fileOf(key));
    }

    private Path fileOf(String key) {
        Path p = root.resolve(ObjectStore.requireKey(key)).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("stored key escapes the data root: " + key);
        }
        return p;
    }
}
