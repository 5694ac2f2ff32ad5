package io.buddybork.hub.notify;

/**
 * When pushes go out for a tag ({@code tagId} null: the default of every tag without a rule of its
 * own). Quiet hours are local times of the hub's zone, {@code "HH:mm"}, both set or both null.
 */
public record NotifyRule(
        Long tagId,
        String tag,
        boolean enabled,
        int cooldownSeconds,
        String quietStart,
        String quietEnd,
        long minDurationMs,
        double minScore,
        boolean onlyWhenAway) {}
