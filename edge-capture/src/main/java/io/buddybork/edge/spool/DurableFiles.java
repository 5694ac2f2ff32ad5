package io.buddybork.edge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file writes: write to a temporary name in the same directory, fsync it, rename it
 * over the target atomically, fsync the directory. After {@link #write} returns, the target holds
 * the complete new content even if power fails; before, it holds the old content or nothing.
 */
public final class DurableFiles {
    /** Suffix of temporary files; leftovers with it are never trusted. */
    public static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    /** Atomically and durably replaces {@code target} with {@code data}. */
    public static void write(Path target, byte[] data) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        move(temp, target);
    }

    /** Atomically renames {@code from} to {@code to} (replacing it) and fsyncs the directories involved. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(to.toAbsolutePath().getParent());
        Path fromDir = from.toAbsolutePath().getParent();
        if (!fromDir.equals(to.toAbsolutePath().getParent())) {
            fsyncDirectory(fromDir);
        }
    }

    /** Deletes {@code file} if present and makes the deletion durable. */
    public static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            fsyncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Makes renames and deletions in {@code dir} durable (a no-op where the platform cannot). */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // Windows cannot open directories; Linux, where the agent runs, can.
        }
    }
}
