package io.buddybork.recognition.storage;

import io.buddybork.model.storage.DurableFiles.Access;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Recognition's entry point to crash-safe whole-file writes; the guarantees and limits are those of
 * {@link io.buddybork.model.storage.DurableFiles}, the one implementation every module shares.
 * Results, plots and models are meant to be shared like any file, so they get the default access.
 */
public final class DurableFiles {

    private DurableFiles() {}

    /** Writes {@code bytes} to {@code target} durably and atomically (a failed directory fsync throws). */
    public static void write(Path target, byte[] bytes) throws IOException {
        io.buddybork.model.storage.DurableFiles.write(target, bytes, Access.DEFAULT);
    }
}
