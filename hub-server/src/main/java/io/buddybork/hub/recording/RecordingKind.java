package io.buddybork.hub.recording;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.model.wire.ApiProblem;
import java.util.Locale;
import java.util.Set;

/** The containers an import accepts, told apart by the request's Content-Type. */
public enum RecordingKind {
    WAV,
    FLAC;

    private static final Set<String> WAV_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave");
    private static final Set<String> FLAC_TYPES = Set.of("audio/flac", "audio/x-flac");

    /**
     * The kind a Content-Type names.
     *
     * @throws ProblemException 415 {@code unsupported-media-type} for any other or a missing type
     */
    public static RecordingKind of(String contentType) {
        String type =
                contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (WAV_TYPES.contains(type)) {
            return WAV;
        }
        if (FLAC_TYPES.contains(type)) {
            return FLAC;
        }
        throw new ProblemException(ApiProblem.of(
                415,
                "unsupported-media-type",
                "Unsupported Media Type",
                "send the recording with Content-Type: audio/wav or audio/flac"
                        + (type.isEmpty() ? "" : " (got " + type + ")")));
    }
}
