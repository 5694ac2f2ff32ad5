package io.buddybork.recognition.model.legacy;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;

/**
 * Reads the serialised form of a {@code java.util.HashMap} into a {@link ReadMap}, without hashing
 * any key. Filled by the legacy reader's deserialisation only.
 */
public class HashMap extends ReadMap implements Serializable {

    @Serial
    private static final long serialVersionUID = 362498820763181265L;

    /** The JDK map's serial fields (read, unused). */
    private int threshold;

    private float loadFactor;

    HashMap() {}

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        in.readInt(); // buckets
        int mappings = in.readInt();
        if (mappings < 0 || mappings > MAX_ENTRIES) {
            throw new InvalidObjectException("a map of " + mappings + " entries");
        }
        for (int i = 0; i < mappings; i++) {
            Object key = in.readObject();
            Object value = in.readObject();
            add(key, value);
        }
    }
}
