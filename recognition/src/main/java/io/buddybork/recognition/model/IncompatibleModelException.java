package io.buddybork.recognition.model;

/** A model file that this build cannot use (other feature version, format, or corrupt). */
public final class IncompatibleModelException extends RuntimeException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what to do. */
    public IncompatibleModelException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public IncompatibleModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
