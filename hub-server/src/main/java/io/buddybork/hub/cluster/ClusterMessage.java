package io.buddybork.hub.cluster;

/**
 * CDI event: a message another hub published on {@link ClusterBus} under {@code topic}. Observers
 * filter by topic, keep their work short (they run on the bus's one listening thread, in the
 * order the messages were sent) and must not fail.
 */
public record ClusterMessage(String topic, String payload) {}
