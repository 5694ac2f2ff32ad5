package io.buddybork.recognition.model.legacy;

import java.io.Serial;
import java.io.Serializable;

/**
 * The fields of a format 1 {@code io.buddybork.recognition.time.TimeOfDayModel}, filled by the
 * legacy reader's deserialisation only.
 */
public final class TimeOfDayModel implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private double[] anglesRad;
    private double kappa;
    private double uniformWeight;
    private String zone;
    private double logNorm;

    private TimeOfDayModel() {}

    /** Observation angles. */
    public double[] anglesRad() {
        return anglesRad;
    }

    /** Kernel concentration. */
    public double kappa() {
        return kappa;
    }

    /** Weight of the uniform floor. */
    public double uniformWeight() {
        return uniformWeight;
    }

    /** Time zone id. */
    public String zone() {
        return zone;
    }
}
