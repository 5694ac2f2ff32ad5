package io.buddybork.hub.device;

import java.time.OffsetDateTime;

/**
 * A device as the API shows it: {@code {"id","name","captureEnabled","created","lastSeen","revoked"}};
 * {@code revoked} is true once its token was revoked.
 */
public record DeviceView(
        long id,
        String name,
        boolean captureEnabled,
        OffsetDateTime created,
        OffsetDateTime lastSeen,
        boolean revoked) {}
