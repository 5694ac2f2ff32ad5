package io.buddybork.edge.capture;

import java.io.IOException;

/**
 * Where audio comes from: a microphone, a replayed WAV file, or a scripted line in tests. A source
 * can be opened again after its line was closed (capture switched off and on).
 */
public interface AudioSource extends AutoCloseable {

    /** One line describing the source for logs and {@code --check}. */
    String describe();

    /** Opens a line delivering 44.1 kHz mono 16-bit PCM. */
    AudioLine open() throws IOException;

    /** Releases whatever the source keeps between lines; idempotent. */
    @Override
    default void close() {}
}
