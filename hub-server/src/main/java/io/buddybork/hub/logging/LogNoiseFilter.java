package io.buddybork.hub.logging;

import io.quarkus.logging.LoggingFilter;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Keeps two kinds of records that are not faults out of the hub's log, so that a clean start and
 * a closed browser tab log nothing above INFO (an operator should be able to alert on any WARN):
 *
 * <ul>
 *   <li>RESTEasy Reactive's "Exception in SSE server handling" when the cause is the peer having
 *       gone (broken pipe, connection reset or closed): a dashboard tab closed while the live feed
 *       was writing to it. Any other SSE failure is still logged.
 *   <li>PostgreSQL's notices that Flyway relays as WARN while migrating ("relation ... already
 *       exists, skipping"): the migrations use {@code if not exists} on purpose (they also bring
 *       databases of earlier versions up to date). Other Flyway warnings are still logged.
 * </ul>
 *
 * Stateless and thread-safe.
 */
@LoggingFilter(name = LogNoiseFilter.NAME)
public final class LogNoiseFilter implements Filter {
    /** The name the log handlers refer to ({@code quarkus.log.console.filter}). */
    public static final String NAME = "buddybork-noise";

    static final String SSE_LOGGER = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";
    static final String SSE_MESSAGE = "Exception in SSE server handling";
    static final String FLYWAY_LOGGER_PREFIX = "org.flywaydb.";

    @Override
    public boolean isLoggable(LogRecord record) {
        // JBoss Log Manager's records keep the format and its parameters apart (Flyway's notices
        // arrive as "DB: %s ..."): read the message as it will be printed
        String message = record instanceof org.jboss.logmanager.ExtLogRecord ext
                ? ext.getFormattedMessage()
                : record.getMessage();
        if (message == null) {
            return true;
        }
        if (SSE_LOGGER.equals(record.getLoggerName()) && message.startsWith(SSE_MESSAGE)) {
            return !peerGone(record.getThrown());
        }
        if (record.getLoggerName() != null
                && record.getLoggerName().startsWith(FLYWAY_LOGGER_PREFIX)
                // JBoss Log Manager's WARN is its own Level instance with WARNING's value
                && record.getLevel().intValue() == Level.WARNING.intValue()) {
            String m = message.toLowerCase(Locale.ROOT);
            return !(m.contains("already exists, skipping") || m.contains("does not exist, skipping"));
        }
        return true;
    }

    /** Whether a write failed only because the other side had closed the connection. */
    static boolean peerGone(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if ((t instanceof IOException || t.getClass().getName().startsWith("io.vertx."))
                    && (m.contains("broken pipe")
                            || m.contains("connection reset")
                            || m.contains("connection was closed")
                            || m.contains("stream reset"))) {
                return true;
            }
        }
        return false;
    }
}
