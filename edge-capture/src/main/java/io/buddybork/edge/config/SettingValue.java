package io.buddybork.edge.config;

/**
 * One setting's text as given, and where it came from, for error messages.
 *
 * @param text the value, trimmed
 * @param origin e.g. {@code flag --hub}, {@code environment BUDDYBORK_HUB_URL},
 *     {@code /etc/buddybork/edge.properties} or {@code default}
 */
public record SettingValue(String text, String origin) {}
