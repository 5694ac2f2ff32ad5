package io.buddybork.hub.ingest;

/**
 * Frees space on the data volume when an upload would break the ingest reserve, by deleting
 * audio that policy allows to go (implemented by the disk guard of the retention feature). Ingest
 * answers 503 "storage-full" only when this cannot free enough.
 */
public interface SpaceReclaimer {

    /**
     * Deletes deletable segments, oldest first, until at least {@code neededBytes} more are free or
     * nothing deletable is left; returns the bytes freed (0 when none could be). Thread-safe.
     */
    long reclaim(long neededBytes);
}
