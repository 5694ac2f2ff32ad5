package io.buddybork.hub.time;

import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The hub's time zone and every day and hour computed in it: which local day an instant falls on,
 * when a local day starts and ends (a day is 23 or 25 hours long when the clocks change, and
 * starts at the first instant of its date when midnight is skipped), the local hour of an
 * instant. Every day boundary of the hub goes through here. Immutable and thread-safe; the page
 * layout reads it as {@code inject:hubZone}.
 */
@Singleton
@Named("hubZone")
@Startup // an unusable zone stops the start instead of the first request
public final class HubZone {

    /**
     * The scheduler's {@code timeZone} for cron jobs that run at a local time of day (retention,
     * backups): the hub's zone when configured, else the scheduler's default, the system's zone.
     */
    public static final String SCHEDULER_ZONE = "${buddybork.time-zone:<<default timezone>>}";

    private final ZoneId zone;

    @Inject
    HubZone(TimeZoneConfig config) {
        this(config.timeZone().orElseGet(HubZone::systemZone));
    }

    /** The hub's days in {@code zone}, a region id of the tz database. */
    public HubZone(ZoneId zone) {
        if (!ZoneId.getAvailableZoneIds().contains(zone.getId())) {
            throw new IllegalArgumentException(ZoneIdConverter.refusal(zone.getId()));
        }
        this.zone = zone;
    }

    /** The system's zone as a region id: a fixed UTC offset of zero is UTC; any other offset is refused. */
    static ZoneId systemZone() {
        ZoneId system = ZoneId.systemDefault();
        if (ZoneId.getAvailableZoneIds().contains(system.getId())) {
            return system;
        }
        if (system.getRules().isFixedOffset()
                && system.getRules().getOffset(Instant.EPOCH).equals(ZoneOffset.UTC)) {
            return ZoneId.of("UTC");
        }
        throw new IllegalStateException("The system's time zone '" + system.getId()
                + "' is a bare offset, not a region;" + " set BUDDYBORK_TIME_ZONE to " + ZoneIdConverter.EXPECTED);
    }

    /** The zone. */
    public ZoneId zone() {
        return zone;
    }

    /** The zone's id (e.g. {@code Europe/Berlin}), as pages show it and SQL's {@code at time zone} takes it. */
    public String id() {
        return zone.getId();
    }

    /** The local day on which {@code epochMs} falls. */
    public LocalDate dayOf(long epochMs) {
        return dayOf(Instant.ofEpochMilli(epochMs));
    }

    /** The local day on which {@code instant} falls. */
    public LocalDate dayOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** Today, the local day of now. */
    public LocalDate today() {
        return dayOf(Instant.now());
    }

    /** The first instant of local day {@code day}. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The first instant after local day {@code day}: the start of the next day. */
    public Instant endOf(LocalDate day) {
        return startOf(day.plusDays(1));
    }

    /** {@link #startOf} in epoch milliseconds. */
    public long startMs(LocalDate day) {
        return startOf(day).toEpochMilli();
    }

    /** {@link #endOf} in epoch milliseconds. */
    public long endMs(LocalDate day) {
        return endOf(day).toEpochMilli();
    }

    /** The local hour (0-23) of {@code epochMs}: the hour on the owners' clocks. */
    public int hourOf(long epochMs) {
        return Instant.ofEpochMilli(epochMs).atZone(zone).getHour();
    }

    /**
     * The same local time {@code days} calendar days before {@code instant} (so "30 days ago" is
     * 30 x 24 h give or take the hour the clocks moved in between).
     */
    public Instant daysBefore(Instant instant, int days) {
        ZonedDateTime local = instant.atZone(zone);
        return local.minusDays(days).toInstant();
    }

    @Override
    public String toString() {
        return zone.getId();
    }
}
