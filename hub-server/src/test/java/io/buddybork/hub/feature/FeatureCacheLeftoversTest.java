package io.buddybork.hub.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.model.storage.DurableFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hub killed while writing the feature cache leaves behind is removed at the next start, and nothing else. */
class FeatureCacheLeftoversTest {

    @TempDir
    Path root;

    @Test
    void tempFilesOfAnEarlierProcessAreRemovedAndEntriesAndThisProcesssWritesKept() throws Exception {
        Path dir = Files.createDirectories(root.resolve("fp1/ab"));
        Path entry = dir.resolve("ab12.feat");
        DurableFiles.write(entry, new byte[] {1, 2, 3}); // a complete entry, written by this process
        Path leftover = Files.write(dir.resolve(".ab34.feat.0badc0de-7.tmp"), new byte[] {9});
        Path deeper = Files.write(
                Files.createDirectories(root.resolve("fp2/cd")).resolve(".cd56.feat.1234abcd-1.tmp"), new byte[] {9});
        Path notTemp = Files.write(dir.resolve("notes.txt"), new byte[] {1});

        assertThat(FeatureCacheLeftovers.remove(root)).isEqualTo(2);

        assertThat(leftover).doesNotExist();
        assertThat(deeper).doesNotExist();
        assertThat(entry).exists();
        assertThat(notTemp).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ab12.feat", "notes.txt");
        }
    }

    @Test
    void aMissingCacheIsNoError() {
        assertThat(FeatureCacheLeftovers.remove(root.resolve("absent"))).isZero();
    }
}
