package io.buddybork.hub.validation;

import io.buddybork.hub.problem.ProblemException;

/**
 * The rule for every epoch-millisecond time that enters the API (query parameters, request
 * bodies): it must lie in a plausible window, 2000-01-01 to 2100-01-01 UTC, so that arithmetic on
 * it cannot overflow and the database never sees a timestamp it cannot store. Violations are 400
 * problems naming the parameter.
 */
public final class PlausibleTime {
    /** 2000-01-01T00:00:00Z. */
    public static final long MIN_MS = 946_684_800_000L;
    /** 2100-01-01T00:00:00Z. */
    public static final long MAX_MS = 4_102_444_800_000L;
    /** Problem code of a time outside the window. */
    public static final String CODE = "time-out-of-range";
    /** What a plausible time is, for people (the window's ends as instants and milliseconds). */
    public static final String RULE = "must be UTC epoch milliseconds between 2000-01-01T00:00:00Z (946684800000)"
            + " and 2100-01-01T00:00:00Z (4102444800000)";

    private PlausibleTime() {}

    /** {@code ms} if plausible, else a 400 problem naming {@code name}. */
    public static long require(String name, long ms) {
        if (ms < MIN_MS || ms > MAX_MS) {
            throw ProblemException.badRequest(CODE, name + " " + RULE);
        }
        return ms;
    }
}
