package io.buddybork.hub.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A hub whose days are those of America/Los_Angeles (UTC-8, or -7 in summer): far enough from UTC
 * that a local evening is the next UTC day, with 23- and 25-hour days in March and November. The
 * tests of this zone run under {@link SharedHub}, which includes it.
 */
public class HubInLosAngeles implements QuarkusTestProfile {
    /** The hub's zone in this profile. */
    public static final String ZONE = "America/Los_Angeles";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("buddybork.time-zone", ZONE);
    }
}
