package io.buddybork.hub.dashboard;

/**
 * A message of the dashboard's live stream, serialised as JSON with a {@code type} field naming
 * its kind ({@link LiveEvent} for segments, capture switches and pings; detections add their own).
 */
public interface LiveMessage {
    /** The kind of message. */
    String type();
}
