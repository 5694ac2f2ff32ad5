package io.buddybork.hub.ingest;

import java.io.IOException;

/**
 * The data disk has too little usable space to take a write while keeping the configured reserve:
 * a typed cause, so callers answer {@code storage-full} without reading exception messages.
 */
public class StorageFullException extends IOException {
    /** A refusal explained by {@code message} (free and reserved bytes). */
    public StorageFullException(String message) {
        super(message);
    }
}
