package io.buddybork.recognition.model.legacy;

import java.io.Serial;

/**
 * Reads the serialised form of a {@code java.util.LinkedHashMap} (a {@code HashMap}'s plus its
 * access-order flag) into a {@link ReadMap}. Filled by the legacy reader's deserialisation only.
 */
public final class LinkedHashMap extends HashMap {

    @Serial
    private static final long serialVersionUID = 3801124242820219131L;

    /** The JDK map's serial field (read, unused). */
    private boolean accessOrder;

    private LinkedHashMap() {}
}
