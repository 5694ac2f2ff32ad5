package io.buddybork.edge.logging;

import java.util.logging.LogManager;

/**
 * A LogManager that keeps its handlers through JVM shutdown: the stock one resets (closes every
 * handler) in its own shutdown hook, racing the agent's graceful stop, whose last lines (the
 * segment spooled, what is left for next time) would be lost. Selected by {@link
 * OneLineFormatter#install()} through {@code java.util.logging.manager}.
 */
public final class AgentLogManager extends LogManager {
    @Override
    public void reset() {
        // keep handlers: the JVM is about to exit anyway and System.err needs no closing
    }

    /** Removes the root handlers (what reset would do), for reconfiguration at start. */
    void clearRootHandlers() {
        java.util.logging.Logger root = getLogger("");
        for (java.util.logging.Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
    }
}
