package io.buddybork.hub.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Copies files into a backup or back into a data directory without ever leaving a half-written file
 * under its final name: bytes go to a temp file beside the target ({@code .<name>.<random>.part}),
 * which is forced to disk and renamed atomically. The new directory entry becomes durable once the
 * caller forces the directory ({@link #forceDirectory}); callers force each touched directory before
 * they commit an index that names the file.
 */
final class DurableCopy {
    static final String PART_SUFFIX = ".part";

    private DurableCopy() {}

    /** Size and SHA-256 of the bytes written. */
    record Copied(long size, String sha256) {}

    /** Copies {@code source} to {@code target} (replacing it), hashing the bytes on the way. */
    static Copied copy(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + PART_SUFFIX);
        MessageDigest d = Checksums.sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(source);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                size += n;
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Copied(size, Checksums.hex(d.digest()));
    }

    /** Writes {@code bytes} to {@code target} atomically and durably, directory included. */
    static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + PART_SUFFIX);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bb = ByteBuffer.wrap(bytes);
            while (bb.hasRemaining()) {
                out.write(bb);
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.getParent());
    }

    /** fsync of a directory, so that entries created or renamed in it survive a crash. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
