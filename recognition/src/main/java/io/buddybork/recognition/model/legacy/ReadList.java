package io.buddybork.recognition.model.legacy;

import java.util.AbstractList;
import java.util.List;

/**
 * An unmodifiable list read from an old model file. Its hash code and equality are identity, so
 * that no nesting of lists in a hostile file can make hashing expensive. Immutable.
 */
public final class ReadList extends AbstractList<Object> {
    private final Object[] values;

    ReadList(List<Object> values) {
        this.values = values.toArray();
    }

    @Override
    public Object get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
