package io.buddybork.hub.it;

import java.time.Duration;

/**
 * How long an integration test waits for a state it needs before it gives up. Every wait ends as
 * soon as its state is reached, so this is only the point of failing; it is long because CI runs
 * several hubs, agents and test JVMs on a busy two-core machine (load 6-20), which is slow, not
 * wrong. Bounds that are promises of the product (a long poll answered before its own deadline, a
 * state that must hold for a while) stay in the tests that check them.
 */
public final class ItWaits {
    /** The point of giving up on a state: a started hub, an exited agent, a detection, a row. */
    public static final Duration GIVE_UP = Duration.ofMinutes(5);

    private ItWaits() {}
}
