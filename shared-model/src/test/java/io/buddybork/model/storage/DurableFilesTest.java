package io.buddybork.model.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.buddybork.model.storage.DurableFiles.Access;
import io.buddybork.model.storage.DurableFiles.Copied;
import io.buddybork.model.storage.DurableFiles.DirectoryForce;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeCreatesTheFileWithTheExactBytesAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.wav");

        DurableFiles.write(target, new byte[] {1, 2, 3});

        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void writeReplacesAnExistingFileCompletely() throws IOException {
        Path target = dir.resolve("state.json");
        DurableFiles.write(target, "a much longer old content".getBytes(StandardCharsets.UTF_8));

        DurableFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @Test
    void writeReplaceableReplacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("features/ab/entry.feat");
        DurableFiles.writeReplaceable(target, "a much longer old entry".getBytes(StandardCharsets.UTF_8));

        DurableFiles.writeReplaceable(target, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(temporaries(target.getParent())).isEmpty();
    }

    @Test
    void writeCreatesMissingParentDirectories() throws IOException {
        Path target = dir.resolve("raw/7/2026/11/30/1000.wav");

        DurableFiles.write(target, new byte[] {9});

        assertThat(Files.readAllBytes(target)).containsExactly(9);
    }

    @Test
    void ownerOnlyFilesAreNotReadableByGroupOrOthers() throws IOException {
        assumeTrue(posix());
        Path key = dir.resolve("session.key");

        DurableFiles.write(key, "secret".getBytes(StandardCharsets.US_ASCII), Access.OWNER_ONLY);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
    }

    @Test
    void ownerOnlyReplacesAWorldReadableFileWithAnOwnerOnlyOne() throws IOException {
        assumeTrue(posix());
        Path key = dir.resolve("session.key");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        DurableFiles.write(key, "new".getBytes(StandardCharsets.US_ASCII), Access.OWNER_ONLY);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo("new");
    }

    @Test
    void defaultAccessFilesAreReadableByOthersUnderTheUsualUmask() throws IOException {
        assumeTrue(posix());
        Path model = dir.resolve("model.bin");

        DurableFiles.write(model, new byte[] {1});

        assertThat(Files.getPosixFilePermissions(model))
                .contains(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aFailedRenameLeavesTheOldTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x"); // a non-empty directory cannot be replaced

        assertThatThrownBy(() -> DurableFiles.write(target, new byte[] {1})).isInstanceOf(IOException.class);

        assertThat(target.resolve("inside")).hasContent("x");
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void aWriteIntoAReadOnlyDirectoryFailsAndLeavesNothing() throws IOException {
        assumeTrue(posix());
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        assumeTrue(!Files.isWritable(locked), "running as root: permissions are not enforced");
        try {
            assertThatThrownBy(() -> DurableFiles.write(locked.resolve("a"), new byte[] {1}))
                    .isInstanceOf(IOException.class);
            assertThat(Files.list(locked)).isEmpty();
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void concurrentWritersOfOnePathEachLeaveACompleteFile() throws Exception {
        Path target = dir.resolve("shared.bin");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = IntStream.range(0, 40)
                    .mapToObj(i -> pool.submit(() -> {
                        byte[] content = new byte[1000];
                        java.util.Arrays.fill(content, (byte) i);
                        DurableFiles.write(target, content);
                        return null;
                    }))
                    .collect(Collectors.toList());
            for (Future<?> w : writes) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] result = Files.readAllBytes(target);
        assertThat(result).hasSize(1000);
        assertThat(IntStream.range(0, result.length)
                        .map(i -> result[i])
                        .distinct()
                        .count())
                .isEqualTo(1);
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void copyStreamsAFileLargerThanItsBufferAndReportsTheSizeAndSha256OfTheBytesWritten() throws Exception {
        byte[] content = new byte[300_000]; // several buffers and a partial one
        new Random(13).nextBytes(content);
        Path source = Files.write(dir.resolve("source.wav"), content);
        Path target = dir.resolve("backup/data/raw/1000.wav");

        Copied copied = DurableFiles.copy(source, target, DirectoryForce.NOW);

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(copied.size()).isEqualTo(content.length);
        assertThat(copied.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void copyReplacesAnExistingTargetAndLeavesTheDirectoryForceToACallerThatAsksForIt() throws IOException {
        Path source = Files.writeString(dir.resolve("new.json"), "new");
        Path target = Files.writeString(dir.resolve("state.json"), "a longer old content");

        Copied copied = DurableFiles.copy(source, target, DirectoryForce.BY_CALLER);
        DurableFiles.fsyncDirectory(dir);

        assertThat(target).hasContent("new");
        assertThat(copied.size()).isEqualTo(3);
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void aCopyFromAMissingSourceFailsAndLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("kept.wav"), "old");

        assertThatThrownBy(() -> DurableFiles.copy(dir.resolve("missing.wav"), target, DirectoryForce.NOW))
                .isInstanceOf(IOException.class);

        assertThat(target).hasContent("old");
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void streamedContentReplacesTheTargetWholeInPieces() throws IOException {
        Path target = Files.writeString(dir.resolve("demo.wav"), "old");

        DurableFiles.write(target, out -> {
            for (int piece = 0; piece < 3; piece++) {
                out.write(ByteBuffer.wrap(("piece " + piece + ";").getBytes(StandardCharsets.UTF_8)));
            }
        });

        assertThat(target).hasContent("piece 0;piece 1;piece 2;");
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void streamedContentThatFailsHalfwayLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("demo.wav"), "old");

        assertThatThrownBy(() -> DurableFiles.write(target, out -> {
                    out.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    throw new IOException("the synthesiser failed");
                }))
                .hasMessage("the synthesiser failed");

        assertThat(target).hasContent("old");
        assertThat(temporaries(dir)).isEmpty();
    }

    @Test
    void moveRenamesAcrossDirectoriesAndCreatesTheTargetDirectory() throws IOException {
        Path from = dir.resolve("1000.wav");
        Files.write(from, new byte[] {4});
        Path to = dir.resolve("rejected/1000.wav");

        DurableFiles.move(from, to);

        assertThat(from).doesNotExist();
        assertThat(Files.readAllBytes(to)).containsExactly(4);
    }

    @Test
    void deleteSaysWhetherThereWasAFile() throws IOException {
        Path file = dir.resolve("x");
        Files.write(file, new byte[] {1});

        assertThat(DurableFiles.delete(file)).isTrue();
        assertThat(DurableFiles.delete(file)).isFalse();
        assertThat(file).doesNotExist();
    }

    @Test
    void forcingAMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> DurableFiles.fsyncDirectory(dir.resolve("missing")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void temporariesOfOtherProcessesAreLeftoversButThisProcesssAreNot() {
        assertThat(DurableFiles.isLeftoverTemporary(".1000.wav.deadbeef-1.tmp")).isTrue();
        assertThat(DurableFiles.isLeftoverTemporary("1000.wav")).isFalse();
        assertThat(DurableFiles.isTemporary(".1000.wav.deadbeef-1.tmp")).isTrue();
        assertThat(DurableFiles.isTemporary("1000.wav")).isFalse();

        // the names this process uses for writes in progress are never taken for leftovers
        String ours =
                DurableFiles.temporaryFor(dir.resolve("1000.wav")).getFileName().toString();
        assertThat(ours).startsWith(".1000.wav.").endsWith(".tmp");
        assertThat(DurableFiles.isTemporary(ours)).isTrue();
        assertThat(DurableFiles.isLeftoverTemporary(ours)).isFalse();
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static List<Path> temporaries(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(DurableFiles.TEMP_SUFFIX))
                    .collect(Collectors.toList());
        }
    }
}
