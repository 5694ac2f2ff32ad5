package io.buddybork.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-directory backend against the store contract, plus what is particular to files. */
class LocalObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    ObjectStore store() {
        return new LocalObjectStore(dir);
    }

    @Test
    void objectsAreFilesUnderTheDataDirectoryAndTempFilesAreNeverListed() throws Exception {
        String key = root + "2026/12/06/1000.wav";
        store().put(key, "a".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve(key);
        assertThat(store().localFile(key)).contains(file.toAbsolutePath().normalize());
        Files.writeString(file.resolveSibling(".1001.wav.deadbeef-1.tmp"), "half");

        List<StoredObject> listed = new ArrayList<>();
        store().list(root, listed::add);

        assertThat(listed).extracting(StoredObject::key).containsExactly(key);
        assertThat(store().backend()).isEqualTo(StorageConfig.Backend.LOCAL);
    }
}
