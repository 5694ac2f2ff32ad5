package io.buddybork.edge.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record, made for journald: under systemd (JOURNAL_STREAM set) each line starts
 * with a syslog priority prefix such as {@code <4>} so that journald records the level, and no
 * timestamp (journald adds its own); elsewhere lines start with an ISO-8601 UTC timestamp.
 * Stack traces are added only for SEVERE records.
 */
public final class OneLineFormatter extends Formatter {
    private final boolean journald;

    public OneLineFormatter(boolean journald) {
        this.journald = journald;
    }

    /** Makes {@link AgentLogManager} the LogManager; call before the first logger is created. */
    public static void selectLogManager() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", AgentLogManager.class.getName());
        }
    }

    /** Routes all java.util.logging output to stderr through this formatter. */
    public static void install() {
        selectLogManager();
        LogManager manager = LogManager.getLogManager();
        if (manager instanceof AgentLogManager agentManager) {
            agentManager.clearRootHandlers();
        } else {
            manager.reset();
        }
        Logger root = Logger.getLogger("");
        Level level = Level.INFO;
        String wanted = System.getProperty("buddybork.log.level", System.getenv("BUDDYBORK_LOG_LEVEL"));
        if (wanted != null) {
            try {
                level = Level.parse(wanted.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // keep INFO: a typo in a log level must not stop the agent
            }
        }
        root.setLevel(level);
        Handler handler = new ConsoleHandler();
        handler.setLevel(level);
        handler.setFormatter(new OneLineFormatter(System.getenv("JOURNAL_STREAM") != null));
        root.addHandler(handler);
        Logger.getLogger("okhttp3").setLevel(Level.WARNING);
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder out = new StringBuilder(160);
        int level = record.getLevel().intValue();
        if (journald) {
            out.append(
                    level >= Level.SEVERE.intValue()
                            ? "<3>"
                            : level >= Level.WARNING.intValue()
                                    ? "<4>"
                                    : level >= Level.INFO.intValue() ? "<6>" : "<7>");
        } else {
            out.append(Instant.ofEpochMilli(record.getMillis())).append(' ');
            out.append(String.format("%-7s ", record.getLevel().getName()));
        }
        out.append(record.getLoggerName() == null ? "-" : record.getLoggerName())
                .append(": ");
        out.append(formatMessage(record).replace('\n', ' '));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            if (level >= Level.SEVERE.intValue()) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                String lines = trace.toString().stripTrailing();
                // under journald every line is its own entry: keep the trace at the record's priority
                out.append('\n').append(journald ? "<3>" + lines.replace("\n", "\n<3>") : lines);
            } else if (!formatMessage(record).contains(String.valueOf(thrown.getMessage()))) {
                out.append(" (").append(thrown).append(')');
            }
        }
        return out.append('\n').toString();
    }
}
