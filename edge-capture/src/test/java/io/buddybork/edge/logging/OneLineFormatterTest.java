package io.buddybork.edge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineFormatterTest {
    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("upload");
        record.setMillis(1_795_560_000_000L);
        record.setThrown(thrown);
        return record;
    }

    @Test
    void underJournaldEachLineCarriesItsPriorityAndNoTimestamp() {
        OneLineFormatter journald = new OneLineFormatter(true);
        assertThat(journald.format(record(Level.INFO, "two\nlines", null))).isEqualTo("<6>upload: two lines\n");
        assertThat(journald.format(record(Level.WARNING, "careful", null))).isEqualTo("<4>upload: careful\n");
        String severe = journald.format(record(Level.SEVERE, "broken", new IllegalStateException("boom")));
        assertThat(severe).startsWith("<3>upload: broken\n<3>java.lang.IllegalStateException: boom\n");
        assertThat(severe.lines()).hasSizeGreaterThan(2).allMatch(line -> line.startsWith("<3>"));
    }

    @Test
    void onATerminalLinesStartWithAUtcTimestampAndTheLevel() {
        OneLineFormatter terminal = new OneLineFormatter(false);
        assertThat(terminal.format(record(Level.WARNING, "careful", new java.io.IOException("net down"))))
                .isEqualTo("2026-11-24T22:40:00Z WARNING upload: careful (java.io.IOException: net down)\n");
    }
}
