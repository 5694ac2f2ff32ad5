package io.buddybork.edge.upload;

/**
 * What the hub made of one upload attempt.
 *
 * @param kind what to do with the spool file
 * @param status HTTP status, 0 when no response arrived
 * @param detail the hub's response body (problem JSON) or the network error, for logs and
 *     {@code rejected/} notes
 * @param retryAfterMs the server's Retry-After in ms, -1 when absent
 */
public record UploadOutcome(Kind kind, int status, String detail, long retryAfterMs) {

    /** The three fates of a spool file after an attempt. */
    public enum Kind {
        /** 201 stored or 200 already stored with identical bytes: delete the file. */
        STORED,
        /** A client error about this segment: move it to rejected/ with the detail. */
        REJECTED,
        /** Network error, 5xx, 408, 429, or a device-wide refusal (401/403/404): retry later. */
        RETRY
    }
}
