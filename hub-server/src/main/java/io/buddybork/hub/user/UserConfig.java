package io.buddybork.hub.user;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Settings of stored passwords ({@code buddybork.users.*}). */
@ConfigMapping(prefix = "buddybork.users")
public interface UserConfig {
    /** Cost below which the hub warns at start: such hashes are fast to guess. */
    int WEAK_COST = 12;

    /**
     * bcrypt work factor of passwords stored from now on (each step doubles the work; existing
     * hashes keep theirs). 12 takes about 250 ms on a Raspberry Pi 5 class CPU. Lower values are for
     * test runs only, which hash and check passwords thousands of times.
     */
    @WithDefault("12")
    @Min(4)
    @Max(31)
    int bcryptCost();
}
