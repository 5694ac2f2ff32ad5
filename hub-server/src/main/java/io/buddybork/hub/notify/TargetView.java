package io.buddybork.hub.notify;

/**
 * A push target as the API shows it: its secrets masked ({@code url} with its path and query
 * hidden, {@code token} only as whether one is set), never in full.
 */
public record TargetView(long id, String name, String kind, String url, boolean hasToken, boolean enabled) {}
