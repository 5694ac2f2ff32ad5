package io.buddybork.hub.storage;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.model.wire.ApiProblem;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP byte range ({@code Range: bytes=...}, RFC 9110 section 14) of an object of
 * {@code size} bytes, with the inclusive {@code first} and {@code last} byte it covers. Only a
 * single range is served (206); several ranges, another unit, a malformed header or an
 * {@code If-Range} (the hub sends no validators, so none can match) are ignored and the whole
 * object is sent (200), as the RFC allows. A well-formed range that starts past the end is 416.
 * Immutable.
 */
public record ByteRange(long first, long last, long size) {

    /** The bytes the range covers. */
    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} header value of a 206. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range {@code header} asks of an object of {@code size} bytes; empty when the whole
     * object is to be sent.
     *
     * @throws ProblemException 416 {@code range-not-satisfiable} (with {@code Content-Range: bytes
     *     *&#47;size}) when the one range lies wholly past the end
     */
    public static Optional<ByteRange> of(String header, String ifRange, long size) {
        if (header == null || ifRange != null) {
            return Optional.empty();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = h.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        if (from.isEmpty()) { // suffix: the last N bytes
            Long n = number(to);
            if (n == null) {
                return Optional.empty();
            }
            if (n == 0 || size == 0) {
                throw unsatisfiable(header, size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - n), size - 1, size));
        }
        Long first = number(from);
        Long last = to.isEmpty() ? Long.valueOf(Long.MAX_VALUE) : number(to);
        if (first == null || last == null || last < first) {
            return Optional.empty();
        }
        if (first >= size) {
            throw unsatisfiable(header, size);
        }
        return Optional.of(new ByteRange(first, Math.min(last, size - 1), size));
    }

    /**
     * A 200 with {@code bytes} (the whole object), or a 206 with {@code bytes} as the part
     * {@code range} names; both say {@code Accept-Ranges: bytes}.
     */
    public static Response.ResponseBuilder response(byte[] bytes, Optional<ByteRange> range, String type) {
        Response.ResponseBuilder b = range.isEmpty()
                ? Response.ok(bytes, type)
                : Response.status(Response.Status.PARTIAL_CONTENT)
                        .entity(bytes)
                        .type(type)
                        .header("Content-Range", range.get().contentRange());
        return b.header("Accept-Ranges", "bytes");
    }

    /** The part of the whole {@code bytes} that {@code range} names (all of them when empty). */
    public static byte[] slice(byte[] bytes, Optional<ByteRange> range) {
        return range.map(r -> java.util.Arrays.copyOfRange(bytes, (int) r.first(), (int) r.last() + 1))
                .orElse(bytes);
    }

    private static Long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    private static ProblemException unsatisfiable(String header, long size) {
        return new ProblemException(
                ApiProblem.of(
                        416,
                        "range-not-satisfiable",
                        "Range not satisfiable",
                        "the range " + header.strip() + " lies past the end of the " + size + " bytes"),
                Map.of("Content-Range", "bytes */" + size, "Accept-Ranges", "bytes"),
                null);
    }
}
