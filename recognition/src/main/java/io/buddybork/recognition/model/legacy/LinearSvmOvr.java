package io.buddybork.recognition.model.legacy;

import java.io.Serial;
import java.io.Serializable;
import smile.classification.LinearSVM;
import smile.classification.PlattScaling;

/**
 * The fields of a format 1 {@code io.buddybork.recognition.model.LinearSvmOvr}, filled by the
 * legacy reader's deserialisation only.
 */
public final class LinearSvmOvr implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private int[] classes;
    private LinearSVM[] machines;
    private PlattScaling[] platt;

    private LinearSvmOvr() {}

    /** Class labels. */
    public int[] classes() {
        return classes;
    }

    /** One machine per class. */
    public LinearSVM[] machines() {
        return machines;
    }

    /** One Platt scaling per class. */
    public PlattScaling[] platt() {
        return platt;
    }
}
