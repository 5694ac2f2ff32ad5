package io.buddybork.recognition.model.legacy;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A map read from an old model file, as the list of its entries in stream order: reading it hashes
 * nothing, and its own hash code and equality are identity, so that no nesting of maps in a hostile
 * file can make hashing expensive. Lookups are linear (the converter copies it into a real map
 * after checking the key and value types). Not modified after reading.
 */
public class ReadMap extends AbstractMap<Object, Object> {
    /** Most entries of one map (the models' maps hold one entry per tag). */
    static final int MAX_ENTRIES = 100_000;

    private final List<Map.Entry<Object, Object>> entries = new ArrayList<>();

    /** An empty map (filled while reading). */
    protected ReadMap() {}

    void add(Object key, Object value) {
        entries.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Object, Object>> iterator() {
                return java.util.Collections.unmodifiableList(entries).iterator();
            }

            @Override
            public int size() {
                return entries.size();
            }

            @Override
            public boolean equals(Object o) {
                return this == o;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(this);
            }
        };
    }

    @Override
    public final boolean equals(Object o) {
        return this == o;
    }

    @Override
    public final int hashCode() {
        return System.identityHashCode(this);
    }
}
