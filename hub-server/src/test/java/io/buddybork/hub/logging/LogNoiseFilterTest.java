package io.buddybork.hub.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogNoiseFilterTest {
    private final LogNoiseFilter filter = new LogNoiseFilter();

    private static LogRecord record(Level level, String logger, String message, Throwable thrown) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setThrown(thrown);
        return r;
    }

    @Test
    void aClosedDashboardTabIsNoError() {
        assertThat(filter.isLoggable(record(
                        Level.SEVERE,
                        LogNoiseFilter.SSE_LOGGER,
                        "Exception in SSE server handling",
                        new IllegalStateException("write failed", new IOException("Broken pipe")))))
                .isFalse();
        assertThat(filter.isLoggable(record(
                        Level.SEVERE,
                        LogNoiseFilter.SSE_LOGGER,
                        "Exception in SSE server handling",
                        new ClosedChannelException())))
                .isFalse();
    }

    @Test
    void anyOtherSseFailureIsStillLogged() {
        assertThat(filter.isLoggable(record(
                        Level.SEVERE,
                        LogNoiseFilter.SSE_LOGGER,
                        "Exception in SSE server handling",
                        new IllegalArgumentException("cannot serialise the event"))))
                .isTrue();
    }

    @Test
    void postgresqlNoticesOfIfNotExistsMigrationsAreNoWarnings() {
        assertThat(filter.isLoggable(record(
                        Level.WARNING,
                        "org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor",
                        "DB: relation \"raw\" already exists, skipping (SQL State: 42P07 - Error Code: 0)",
                        null)))
                .isFalse();
        assertThat(filter.isLoggable(record(
                        Level.WARNING,
                        "org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor",
                        "DB: constraint \"x\" of relation \"y\" does not exist, skipping",
                        null)))
                .isFalse();
    }

    @Test
    void aNoticeWhoseTextIsAParameterOfItsFormatIsRecognised() {
        org.jboss.logmanager.ExtLogRecord r = new org.jboss.logmanager.ExtLogRecord(
                org.jboss.logmanager.Level.WARN,
                "DB: %s (SQL State: %s - Error Code: %s)",
                org.jboss.logmanager.ExtLogRecord.FormatStyle.PRINTF,
                LogNoiseFilterTest.class.getName());
        r.setParameters(new Object[] {"relation \"raw\" already exists, skipping", "42P07", 0});
        r.setLoggerName("org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor");
        assertThat(filter.isLoggable(r)).isFalse();
    }

    @Test
    void otherFlywayWarningsAndEverythingElseAreLogged() {
        assertThat(filter.isLoggable(
                        record(Level.WARNING, "org.flywaydb.core.FlywayExecutor", "Flyway upgrade recommended", null)))
                .isTrue();
        assertThat(filter.isLoggable(
                        record(Level.WARNING, "io.buddybork.hub.ingest.X", "already exists, skipping", null)))
                .isTrue();
        assertThat(filter.isLoggable(record(Level.INFO, "anything", null, null)))
                .isTrue();
    }
}
