package io.buddybork.edge.time;

/** Waits for a while; tests inject one that returns at once and records what it was asked. */
@FunctionalInterface
public interface Sleeper {
    /** The real thing: {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = millis -> {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    };

    /** Sleeps {@code millis} milliseconds (nothing when 0 or negative). */
    void sleep(long millis) throws InterruptedException;
}
