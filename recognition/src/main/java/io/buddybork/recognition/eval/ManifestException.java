package io.buddybork.recognition.eval;

/** A manifest that cannot be used; the message names the row (1-based line) and the fault. */
public final class ManifestException extends Exception {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ManifestException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
