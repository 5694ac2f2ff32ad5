package io.buddybork.model.wav;

/**
 * Why a WAV body was refused. The {@link #code()} is stable: the hub puts it in problem responses
 * and metrics, the edge in its {@code rejected/} notes.
 */
public enum WavFault {
    TRUNCATED("truncated", "the body ends before the sizes in its header say it should"),
    NOT_RIFF("not-riff-wave", "the body is not a RIFF/WAVE file"),
    SIZE_MISMATCH("header-size-mismatch", "the sizes in the header do not match the body"),
    MISSING_CHUNK("missing-chunk", "the file has no 'fmt ' or no 'data' chunk"),
    NOT_PCM("not-pcm", "the audio is not uncompressed PCM"),
    NOT_16_BIT("not-16-bit", "the samples are not 16-bit"),
    NOT_MONO("not-mono", "the audio is not mono"),
    BAD_SAMPLE_RATE("bad-sample-rate", "the sample rate is not 44100 Hz"),
    INCONSISTENT_FORMAT("inconsistent-format", "block align or byte rate contradict the format"),
    EMPTY("empty", "the audio holds no samples"),
    TOO_LONG("too-long", "the audio is longer than 10 s");

    private final String code;
    private final String description;

    WavFault(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** Stable, kebab-case identifier of the fault. */
    public String code() {
        return code;
    }

    /** One sentence for people. */
    public String description() {
        return description;
    }
}
