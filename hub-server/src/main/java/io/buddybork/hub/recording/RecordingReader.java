package io.buddybork.hub.recording;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wire.ApiProblem;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a recording file as mono 16-bit samples at 44.1 kHz, stereo down-mixed to the mean of
 * its two channels. Opening checks the header: a body that is not the declared container is a
 * 400 problem, audio the hub cannot store without resampling is a 415 problem. Single-threaded.
 */
public interface RecordingReader extends AutoCloseable {

    /** The header's description of the audio. */
    RecordingFormat format();

    /**
     * Reads up to {@code length} mono frames into {@code samples}; -1 at the end.
     *
     * @throws ProblemException 400 when the file turns out to be corrupt
     */
    int read(short[] samples, int offset, int length) throws IOException;

    /**
     * Reads the whole file once and answers its exact length in frames, so that a corrupt or
     * truncated file is refused before a single segment is stored.
     *
     * @throws ProblemException 400 when it is corrupt or shorter than its header says
     */
    long verify() throws IOException;

    @Override
    void close() throws IOException;

    /** Opens {@code file} as {@code kind}; see the interface comment for the refusals. */
    static RecordingReader open(Path file, RecordingKind kind) throws IOException {
        RecordingReader reader =
                kind == RecordingKind.FLAC ? FlacRecordingReader.open(file) : WavRecordingReader.open(file);
        String unsupported = reader.format().unsupportedReason();
        if (unsupported != null) {
            reader.close();
            throw unsupported(unsupported);
        }
        return reader;
    }

    /** 415 {@code unsupported-audio-format}. */
    static ProblemException unsupported(String why) {
        return new ProblemException(
                ApiProblem.of(
                        415,
                        "unsupported-audio-format",
                        "Unsupported audio format",
                        "the recording has " + why + "; the hub stores " + SegmentFormat.SAMPLE_RATE
                                + " Hz 16-bit audio (stereo is mixed down to mono). Convert it first, e.g. sox in.wav -r 44100 -b 16 out.wav"));
    }

    /** 400 with {@code code}. */
    static ProblemException bad(String code, String detail) {
        return new ProblemException(ApiProblem.of(400, code, "Bad recording", detail));
    }
}
