package io.buddybork.hub.backup;

import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StoreProducer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code backup}, {@code restore} and {@code verify} commands of the hub jar once their command
 * line is parsed ({@code io.buddybork.hub.main.HubMain} parses it): each runs in plain Java, reports
 * on {@code out}/{@code err} and returns its exit status. Stateless.
 */
public final class BackupCommands {
    /** Exit status of a failed command or a damaged backup. */
    public static final int EXIT_FAILED = 1;
    /** Exit status of a backup that completed with warnings. */
    public static final int EXIT_WARNINGS = 3;

    private BackupCommands() {}

    public static int verify(Path dir, PrintStream out, PrintStream err) {
        BackupVerifier.Report r = new BackupVerifier().verify(dir);
        r.faults().forEach(f -> err.println(f));
        if (r.whole()) {
            out.printf("Backup %s is whole: %d files, %d bytes checked%n", dir, r.checkedFiles(), r.checkedBytes());
            return 0;
        }
        err.printf(
                "Backup %s is damaged: %d fault(s), %d files whole%n",
                dir, r.faults().size(), r.checkedFiles());
        return EXIT_FAILED;
    }

    public static int backup(OpsSettings settings, Path dir, PrintStream out, PrintStream err) throws Exception {
        ObjectStore store = settings.openStore();
        BackupWriter.Result r;
        try {
            out.printf(
                    "Backing up %s (audio: %s) and %s to %s%n",
                    settings.dataDir(), store.describe(), settings.jdbcUrl(), dir);
            r = new BackupWriter(settings, store, out).run(dir);
        } finally {
            StoreProducer.close(store);
        }
        r.warnings().forEach(w -> err.println("warning: " + w));
        out.printf(
                "Backup %s complete: %d files (%d bytes), %d copied now (%d bytes), %d rows%n",
                r.runId(), r.files(), r.bytes(), r.copiedFiles(), r.copiedBytes(), r.rows());
        return r.warnings().isEmpty() ? 0 : EXIT_WARNINGS;
    }

    public static int restore(OpsSettings settings, Path dir, PrintStream out, PrintStream err) throws Exception {
        out.printf("Restoring %s into %s and %s%n", dir, settings.dataDir(), settings.jdbcUrl());
        BackupRestorer.Result r;
        ObjectStore store = settings.openStore();
        try {
            r = new BackupRestorer(settings, store, out).restore(dir);
        } catch (Exception e) {
            Path marker = settings.dataDir().resolve(BackupRestorer.INCOMPLETE_MARKER);
            if (Files.isRegularFile(marker)) {
                err.println("buddybork restore: the state it left and how to recover are in " + marker
                        + " (the hub will not start until the restore is run again and completes)");
            }
            throw e;
        } finally {
            StoreProducer.close(store);
        }
        long rows = r.rows().values().stream().mapToLong(Long::longValue).sum();
        out.printf(
                "Restore complete: %d files (%d bytes), %d rows in %d tables at schema version %s;"
                        + " start the hub to apply any newer migrations%n",
                r.files(), r.bytes(), rows, r.rows().size(), r.schemaVersion());
        return 0;
    }
}
