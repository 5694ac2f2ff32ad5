package io.buddybork.hub.away;

/**
 * CDI event fired when the hub's away mode changes (a button, a schedule or a presence report), and
 * once at start with the current state, so observers such as notifications can keep their own copy.
 *
 * @param away whether the owner is now away
 * @param sinceMs when the current state began, epoch ms
 * @param source what changed it: {@code "button"}, {@code "schedule"}, {@code "presence"} or {@code "start"}
 */
public record AwayChanged(boolean away, long sinceMs, String source) {}
