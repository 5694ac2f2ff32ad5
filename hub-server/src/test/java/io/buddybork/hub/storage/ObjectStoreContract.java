package io.buddybork.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ObjectStore} backend promises; each backend's test extends this with its store. */
abstract class ObjectStoreContract {
    /** The store under test (fresh or at least shared by nothing else). */
    abstract ObjectStore store();

    /** A key prefix of this test, so tests never see each other's objects. */
    String root;

    @BeforeEach
    void freshPrefix() {
        root = "raw/" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000) + "/";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPutObjectReadsBackByteForByteAndAPutReplacesIt() throws Exception {
        String key = root + "2026/12/06/1000.wav";
        store().put(key, bytes("first"));
        assertThat(store().read(key)).isEqualTo(bytes("first"));
        assertThat(store().exists(key)).isTrue();

        store().put(key, bytes("second, longer"));
        assertThat(store().read(key)).isEqualTo(bytes("second, longer"));
    }

    @Test
    void aStagedWriteIsInvisibleUntilPublishedAndLeavesNothingWhenDropped() throws Exception {
        String kept = root + "2026/12/07/1000.wav";
        String dropped = root + "2026/12/07/2000.wav";
        store().put(kept, bytes("old"));

        try (ObjectStore.Staged staged = store().stage(kept, bytes("new"))) {
            assertThat(store().read(kept)).as("before the publish").isEqualTo(bytes("old"));
            staged.publish();
            staged.force();
        }
        try (ObjectStore.Staged staged = store().stage(dropped, bytes("never"))) {
            assertThat(store().exists(dropped)).isFalse();
        }

        assertThat(store().read(kept)).isEqualTo(bytes("new"));
        assertThat(store().exists(dropped)).isFalse();
        List<String> keys = new ArrayList<>();
        store().list(root, o -> keys.add(o.key()));
        assertThat(keys).containsExactly(kept);
        store().localFile(kept).ifPresent(file -> {
            try (var files = java.nio.file.Files.list(file.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("no temp file left")
                        .containsExactly("1000.wav");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void anEmptyObjectIsStoredToo() throws Exception {
        String key = root + "empty.bin";
        store().put(key, new byte[0]);
        assertThat(store().read(key)).isEmpty();
        assertThat(store().exists(key)).isTrue();
    }

    @Test
    void aMissingKeyIsNoSuchFileAndDoesNotExist() throws Exception {
        String key = root + "never/written.wav";
        assertThat(store().exists(key)).isFalse();
        assertThatThrownBy(() -> store().read(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deleteSaysWhetherAnObjectWasThereAndRemovesIt() throws Exception {
        String key = root + "2026/12/06/2000.wav";
        store().put(key, bytes("x"));
        assertThat(store().delete(key)).isTrue();
        assertThat(store().exists(key)).isFalse();
        assertThat(store().delete(key)).isFalse();
    }

    @Test
    void listGivesEveryObjectUnderThePrefixInKeyOrderWithItsSize() throws Exception {
        store().put(root + "2026/12/07/3000.wav", bytes("ccc"));
        store().put(root + "2026/12/06/1000.wav", bytes("a"));
        store().put(root + "2026/12/06/2000.wav", bytes("bb"));
        store().put(root + "2026/12/060/9.wav", bytes("not this day"));

        List<StoredObject> day = new ArrayList<>();
        store().list(root + "2026/12/06/", day::add);
        List<StoredObject> all = new ArrayList<>();
        store().list(root, all::add);

        assertThat(day)
                .extracting(StoredObject::key)
                .containsExactly(root + "2026/12/06/1000.wav", root + "2026/12/06/2000.wav");
        assertThat(day).extracting(StoredObject::size).containsExactly(1L, 2L);
        assertThat(day).allSatisfy(o -> assertThat(o.lastModified()).isNotNull());
        assertThat(all)
                .extracting(StoredObject::key)
                .containsExactly(
                        root + "2026/12/06/1000.wav",
                        root + "2026/12/06/2000.wav",
                        root + "2026/12/060/9.wav",
                        root + "2026/12/07/3000.wav");
    }

    @Test
    void listingAnUnknownPrefixGivesNothing() throws Exception {
        List<StoredObject> none = new ArrayList<>();
        store().list(root + "nothing-here/", none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void aRangedReadGivesExactlyThoseBytesAndStopsAtTheEnd() throws Exception {
        String key = root + "2026/12/06/4000.wav";
        store().put(key, bytes("0123456789"));

        assertThat(store().size(key)).isEqualTo(10);
        assertThat(store().read(key, 0, 4)).isEqualTo(bytes("0123"));
        assertThat(store().read(key, 3, 2)).isEqualTo(bytes("34"));
        assertThat(store().read(key, 7, 100)).isEqualTo(bytes("789"));
        assertThat(store().read(key, 9, 1)).isEqualTo(bytes("9"));
        assertThat(store().read(key, 10, 5)).isEmpty();
        assertThat(store().read(key, 25, 5)).isEmpty();
        assertThat(store().read(key, 2, 0)).isEmpty();
    }

    @Test
    void aRangedReadOrSizeOfAMissingKeyIsNoSuchFile() {
        String key = root + "never/written.wav";
        assertThatThrownBy(() -> store().read(key, 0, 10)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store().size(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void keysThatLeaveTheStoreAreRefused() {
        for (String bad : List.of("/etc/passwd", "../outside", "raw/../../x", "raw/./x", "raw\\x", "")) {
            assertThatThrownBy(() -> store().put(bad, bytes("x"))).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theProbeSucceedsOnAWorkingStore() throws Exception {
        store().probe();
        assertThat(store().describe()).isNotBlank();
    }
}
