package io.buddybork.recognition.model;

/** A model file that this build cannot use (corrupt, another feature version or format, or the old format). */
public final class IncompatibleModelException extends RuntimeException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** Why a file cannot be used. */
    public enum Kind {
        /** Not a model file, damaged, truncated, over a size limit, or inconsistent inside. */
        CORRUPT,
        /** A sound model file made for another feature version or model format: retrain. */
        INCOMPATIBLE,
        /** A file in the old Java-serialised format (1): convert it with {@code recognition convert-model}. */
        OLD_FORMAT
    }

    private final Kind kind;

    /** Creates a {@link Kind#CORRUPT} exception with a message that says what is wrong. */
    public IncompatibleModelException(String message) {
        this(Kind.CORRUPT, message, null);
    }

    /** Creates a {@link Kind#CORRUPT} exception with a cause. */
    public IncompatibleModelException(String message, Throwable cause) {
        this(Kind.CORRUPT, message, cause);
    }

    /** Creates the exception with a message that says what to do. */
    public IncompatibleModelException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Why the file cannot be used. */
    public Kind kind() {
        return kind;
    }
}
