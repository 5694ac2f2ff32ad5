package io.buddybork.hub.away;

/**
 * CDI event from a presence source outside the hub (an MQTT / Home Assistant presence topic) saying
 * the owner is away or home; away mode decides what follows from it.
 *
 * @param away whether the source says the owner is away
 * @param source a short name of the source, e.g. {@code "mqtt:home/presence"}
 */
public record PresenceReported(boolean away, String source) {}
