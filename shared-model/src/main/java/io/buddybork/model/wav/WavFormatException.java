package io.buddybork.model.wav;

/** A WAV body that does not meet the format rules; {@link #fault()} says which rule. */
public final class WavFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final WavFault fault;

    public WavFormatException(WavFault fault, String detail) {
        super(fault.description() + ": " + detail);
        this.fault = fault;
    }

    /** The rule the body broke. */
    public WavFault fault() {
        return fault;
    }
}
