package io.buddybork.hub.device;

import java.time.OffsetDateTime;

/**
 * A capture device (a row of table {@code device}); the bearer token is never stored, only its
 * SHA-256. {@code lastSeen} is the time last written (see {@link DeviceActivity}); {@code revoked}
 * is null while the token is valid. Changed only through {@link DeviceService}.
 */
public record Device(
        long id,
        String name,
        boolean captureEnabled,
        long captureVersion,
        OffsetDateTime created,
        OffsetDateTime lastSeen,
        OffsetDateTime revoked) {}
