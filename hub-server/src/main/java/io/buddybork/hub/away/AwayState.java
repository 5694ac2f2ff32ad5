package io.buddybork.hub.away;

/**
 * Away mode as the API shows it.
 *
 * @param away whether the owner is away
 * @param sinceMs when the current state began, epoch ms
 * @param source what set it: {@code button}, {@code schedule}, {@code presence} or {@code start}
 * @param schedule the weekly away windows in the hub's zone
 * @param timeZone the hub's zone, in which the windows' times are read
 * @param lastAbsence the last absence that ended, or null
 */
public record AwayState(
        boolean away, long sinceMs, String source, AwaySchedule schedule, String timeZone, Absence lastAbsence) {

    /** An absence: from when the owner went away until they came back, epoch ms. */
    public record Absence(long fromMs, long toMs) {}
}
