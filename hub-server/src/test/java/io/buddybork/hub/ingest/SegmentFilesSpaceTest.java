package io.buddybork.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.storage.LocalObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A failed write counts as "disk full" by the volume's usable space, never by an exception's wording. */
class SegmentFilesSpaceTest {

    private static SegmentFiles on(DataVolume volume) {
        SegmentFiles files = new SegmentFiles();
        files.volume = volume;
        files.store = new LocalObjectStore(Path.of("target", "segment-files-space"));
        return files;
    }

    private static DataVolume withUsable(long bytes) {
        return new DataVolume() {
            @Override
            public long usableBytes() {
                return bytes;
            }
        };
    }

    @Test
    void aWriteLargerThanTheUsableSpaceIsExplainedByAFullDisk() {
        assertThat(on(withUsable(100_000)).lacksRoomFor(264_644)).isTrue();
        assertThat(on(withUsable(0)).lacksRoomFor(1)).isTrue();
    }

    @Test
    void aWriteThatFitsFailedForAnotherReason() {
        assertThat(on(withUsable(10_000_000)).lacksRoomFor(264_644)).isFalse();
    }

    @Test
    void aVolumeThatCannotBeAskedIsNotCalledFull() {
        DataVolume broken = new DataVolume() {
            @Override
            public long usableBytes() throws IOException {
                throw new IOException("Input/output error");
            }
        };
        assertThat(on(broken).lacksRoomFor(1)).isFalse();
    }
}
