package io.buddybork.hub.work;

import java.nio.charset.StandardCharsets;

/**
 * The body of a {@link WorkQueue.Topic#SEGMENTS} message: the stored segment's index fields, as
 * a short text line {@code rawId deviceId startMs durationMs} (version-free, readable in the
 * broker's management UI). Immutable.
 */
public record SegmentMessage(long rawId, long deviceId, long startMs, int durationMs) {

    /** The message body. */
    public byte[] encode() {
        return (rawId + " " + deviceId + " " + startMs + " " + durationMs).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a body written by {@link #encode()}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SegmentMessage decode(byte[] body) {
        String[] parts = new String(body, StandardCharsets.US_ASCII).strip().split(" ");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a segment message: " + parts.length + " fields");
        }
        try {
            return new SegmentMessage(
                    Long.parseLong(parts[0]),
                    Long.parseLong(parts[1]),
                    Long.parseLong(parts[2]),
                    Integer.parseInt(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a segment message: " + e.getMessage(), e);
        }
    }
}
