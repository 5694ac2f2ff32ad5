package io.buddybork.hub.storage;

import java.time.Instant;

/** One object of a listing: its key (a path relative to the store's root), size and last change. */
public record StoredObject(String key, long size, Instant lastModified) {}
