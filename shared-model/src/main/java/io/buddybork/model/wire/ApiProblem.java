package io.buddybork.model.wire;

/**
 * The JSON problem body (RFC 9457 subset) the hub answers to a refused request, e.g.
 * {@code {"type":"urn:buddybork:problem:not-mono","title":"Bad segment","status":400,
 * "detail":"the audio is not mono: 2 channels"}}. {@code code} repeats the last part of
 * {@code type} for clients that only want the short reason.
 */
public record ApiProblem(String type, String title, int status, String detail, String code) {
    /** Prefix of every problem type URI. */
    public static final String TYPE_PREFIX = "urn:buddybork:problem:";

    /** A problem whose type is {@code urn:buddybork:problem:<code>}. */
    public static ApiProblem of(int status, String code, String title, String detail) {
        return new ApiProblem(TYPE_PREFIX + code, title, status, detail, code);
    }
}
