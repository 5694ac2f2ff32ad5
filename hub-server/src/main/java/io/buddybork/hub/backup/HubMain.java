package io.buddybork.hub.backup;

import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.storage.StoreProducer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of the hub jar. Without arguments it starts the hub exactly as before. With a
 * command ({@code backup --to DIR}, {@code restore --from DIR}, {@code verify --from DIR}) it runs
 * that command in plain Java, without booting Quarkus: no HTTP server, no ingest, no scheduler;
 * settings come from the hub's usual environment ({@link OpsSettings}). Exit status: 0 done/whole,
 * 1 failed or the backup is damaged (each fault named on stderr), 2 bad usage, 3 backup completed
 * with warnings (e.g. a segment file corrupt in the data directory).
 */
@QuarkusMain
public final class HubMain {
    static final String USAGE = """
            usage: java -jar quarkus-run.jar                    start the hub
                   java -jar quarkus-run.jar backup --to DIR    incremental backup of database, audio, models, keys
                   java -jar quarkus-run.jar restore --from DIR restore into an empty data directory and database
                   java -jar quarkus-run.jar verify --from DIR  check every file of a backup against its index""";

    private HubMain() {}

    public static void main(String... args) {
        if (args.length == 0 || !isCommand(args[0])) {
            Quarkus.run(args);
            return;
        }
        System.exit(run(args, System.out, System.err));
    }

    private static boolean isCommand(String arg) {
        return switch (arg) {
            case "backup", "restore", "verify", "help", "--help", "-h" -> true;
            default -> false;
        };
    }

    /** Runs a command and returns its exit status (separate from {@link #main} so tests can call it). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            out.println(USAGE);
            return 0;
        }
        String flag = command.equals("backup") ? "--to" : "--from";
        if (args.length != 3 || !args[1].equals(flag) || args[2].isBlank()) {
            err.println("buddybork " + command + ": expected '" + command + " " + flag + " DIR', got "
                    + String.join(" ", Arrays.copyOfRange(args, 1, args.length)));
            err.println(USAGE);
            return 2;
        }
        Path dir = Path.of(args[2]).toAbsolutePath().normalize();
        try {
            return switch (command) {
                case "verify" -> verify(dir, out, err);
                case "backup" -> backup(OpsSettings.fromEnvironment(), dir, out, err);
                case "restore" -> restore(OpsSettings.fromEnvironment(), dir, out, err);
                default -> 2;
            };
        } catch (BackupRestorer.RestoreRefused e) {
            err.println("buddybork restore: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("buddybork " + command + " failed: " + e);
            return 1;
        }
    }

    static int verify(Path dir, PrintStream out, PrintStream err) {
        BackupVerifier.Report r = new BackupVerifier().verify(dir);
        r.faults().forEach(f -> err.println(f));
        if (r.whole()) {
            out.printf("Backup %s is whole: %d files, %d bytes checked%n", dir, r.checkedFiles(), r.checkedBytes());
            return 0;
        }
        err.printf(
                "Backup %s is damaged: %d fault(s), %d files whole%n",
                dir, r.faults().size(), r.checkedFiles());
        return 1;
    }

    static int backup(OpsSettings settings, Path dir, PrintStream out, PrintStream err) throws Exception {
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
        return r.warnings().isEmpty() ? 0 : 3;
    }

    static int restore(OpsSettings settings, Path dir, PrintStream out, PrintStream err) throws Exception {
        out.printf("Restoring %s into %s and %s%n", dir, settings.dataDir(), settings.jdbcUrl());
        BackupRestorer.Result r;
        ObjectStore store = settings.openStore();
        try {
            r = new BackupRestorer(settings, store, out).restore(dir);
        } catch (Exception e) {
            java.nio.file.Path marker = settings.dataDir().resolve(BackupRestorer.INCOMPLETE_MARKER);
            if (java.nio.file.Files.isRegularFile(marker)) {
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
