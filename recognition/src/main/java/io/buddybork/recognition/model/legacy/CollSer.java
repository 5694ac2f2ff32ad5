package io.buddybork.recognition.model.legacy;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the serialised form of the JDK's immutable collections ({@code java.util.CollSer}, what
 * {@code List.of} and {@code Map.of} write) into a {@link ReadList} or {@link ReadMap}, without
 * hashing anything; sets are refused (model files hold none). Filled by the legacy reader's
 * deserialisation only.
 */
public final class CollSer implements Serializable {

    @Serial
    private static final long serialVersionUID = 6309168927139932177L;

    private static final int IMM_LIST = 1;
    private static final int IMM_MAP = 3;
    private static final int IMM_LIST_NULLS = 4;
    private static final int MAX_ELEMENTS = 2 * ReadMap.MAX_ENTRIES;

    /** The JDK's serial field: the kind of collection in its low byte. */
    private int tag;

    private transient List<Object> elements;

    private CollSer() {}

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int length = in.readInt();
        if (length < 0 || length > MAX_ELEMENTS) {
            throw new InvalidObjectException("a collection of " + length + " elements");
        }
        List<Object> read = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            read.add(in.readObject());
        }
        elements = read;
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        switch (tag & 0xff) {
            case IMM_LIST, IMM_LIST_NULLS -> {
                return new ReadList(elements);
            }
            case IMM_MAP -> {
                if (elements.size() % 2 != 0) {
                    throw new InvalidObjectException("a map with a key but no value");
                }
                ReadMap map = new ReadMap();
                for (int i = 0; i < elements.size(); i += 2) {
                    map.add(elements.get(i), elements.get(i + 1));
                }
                return map;
            }
            default -> throw new InvalidObjectException("model files hold no collection of kind " + tag);
        }
    }
}
