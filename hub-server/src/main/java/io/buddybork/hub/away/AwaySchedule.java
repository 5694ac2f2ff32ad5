package io.buddybork.hub.away;

import io.buddybork.hub.time.HubZone;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The weekly windows in which the owner is away, in local times of the hub's zone: a window runs
 * from {@code from} on each of its days to {@code to} (the next day when {@code to} is not after
 * {@code from}, e.g. 22:00-06:00). Local times follow the zone's clock changes, so 08:00-17:00 is 9
 * hours of the wall clock on a day when the clocks change too. Immutable.
 */
public record AwaySchedule(List<Window> windows) {

    /** A local time of day as windows give it. */
    public static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";

    /** No windows: the schedule never changes away mode. */
    public static final AwaySchedule NONE = new AwaySchedule(List.of());

    public AwaySchedule {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    /**
     * One weekly window.
     *
     * @param days the days it starts on
     * @param from local start, {@code HH:mm}
     * @param to local end, {@code HH:mm}; not after {@code from}: on the next day
     */
    public record Window(
            List<DayOfWeek> days,
            @Schema(pattern = TIME, examples = "08:00") String from,
            @Schema(pattern = TIME, examples = "17:00") String to) {

        /** Whether the days and times are usable: at least one day, {@code HH:mm} times, not equal. */
        boolean valid() {
            return days != null
                    && !days.isEmpty()
                    && !days.contains(null)
                    && from != null
                    && from.matches(TIME)
                    && to != null
                    && to.matches(TIME)
                    && !from.equals(to);
        }

        /** Whether {@code at} falls in this window starting on local day {@code day}. */
        boolean contains(Instant at, LocalDate day, HubZone zone) {
            if (!days.contains(day.getDayOfWeek())) {
                return false;
            }
            LocalTime f = LocalTime.parse(from);
            LocalTime t = LocalTime.parse(to);
            Instant start = day.atTime(f).atZone(zone.zone()).toInstant();
            LocalDate endDay = t.isAfter(f) ? day : day.plusDays(1);
            Instant end = endDay.atTime(t).atZone(zone.zone()).toInstant();
            return !at.isBefore(start) && at.isBefore(end);
        }
    }

    /** Whether {@code at} falls in one of the windows, read in {@code zone}. */
    public boolean contains(Instant at, HubZone zone) {
        LocalDate today = zone.dayOf(at);
        for (Window w : windows) {
            // a window starting yesterday may run over midnight into today
            if (w.contains(at, today, zone) || w.contains(at, today.minusDays(1), zone)) {
                return true;
            }
        }
        return false;
    }
}
