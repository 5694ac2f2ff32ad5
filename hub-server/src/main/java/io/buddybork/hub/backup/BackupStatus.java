package io.buddybork.hub.backup;

import java.time.Instant;

/**
 * The last scheduled backup as the dashboard and health see it.
 *
 * @param state {@code ok}, {@code warnings}, {@code failed}, {@code running}, or {@code never}
 * @param lastSuccess when the last complete backup was taken (also read from the backup directory
 *        at startup), null if none
 */
public record BackupStatus(
        String state,
        Instant started,
        Instant finished,
        Instant lastSuccess,
        String message,
        long files,
        long copiedBytes) {}
