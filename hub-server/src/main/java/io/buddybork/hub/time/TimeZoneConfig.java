package io.buddybork.hub.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import java.time.ZoneId;
import java.util.Optional;

/** Typed configuration of the hub's time zone: {@code buddybork.time-zone} ({@code BUDDYBORK_TIME_ZONE}). */
@ConfigMapping(prefix = "buddybork")
public interface TimeZoneConfig {

    /**
     * Region id of the tz database (e.g. {@code Europe/Berlin}, {@code UTC}) whose days the hub
     * counts in; empty (the default) takes the system's zone. An unknown id stops the start.
     */
    @WithConverter(ZoneIdConverter.class)
    Optional<ZoneId> timeZone();
}
