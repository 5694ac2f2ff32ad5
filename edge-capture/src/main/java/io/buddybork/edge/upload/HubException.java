package io.buddybork.edge.upload;

import java.io.IOException;

/** The hub answered, but not with success; carries the status and the start of its body. */
public final class HubException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HubException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** HTTP status of the answer. */
    public int status() {
        return status;
    }
}
