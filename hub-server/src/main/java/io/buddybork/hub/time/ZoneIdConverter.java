package io.buddybork.hub.time;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads {@code buddybork.time-zone}: a region id of the tz database, nothing else. Offsets such as
 * {@code +02:00} or {@code GMT+2} are refused: they know no daylight saving time, and PostgreSQL
 * reads POSIX offsets with the opposite sign, so the database's days would disagree with the hub's.
 */
public class ZoneIdConverter implements Converter<ZoneId> {

    /** What a refusal says the value should look like. */
    static final String EXPECTED = "a region id of the tz database such as Europe/Berlin, America/New_York or UTC";

    @Override
    public ZoneId convert(String value) {
        String id = value == null ? "" : value.strip();
        if (id.isEmpty()) {
            return null; // unset: the system's zone
        }
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            throw new IllegalArgumentException(refusal(id));
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(refusal(id), e);
        }
    }

    static String refusal(String id) {
        return "BUDDYBORK_TIME_ZONE (buddybork.time-zone) is '" + id + "', which is not a time zone: give " + EXPECTED;
    }
}
