package io.buddybork.recognition.testaudio;

import io.buddybork.model.wav.WavCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes synthetic audio as WAV files for CLI and manifest tests. */
public final class WavFiles {

    private WavFiles() {}

    public static Path write(Path file, short[] pcm) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, WavCodec.encode(pcm, SyntheticSets.RATE));
        return file;
    }

    public static Path write(Path file, short[] pcm, int rate) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, WavCodec.encode(pcm, rate));
        return file;
    }
}
