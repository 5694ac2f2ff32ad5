package io.buddybork.hub.main;

import io.buddybork.hub.backup.BackupCommands;
import io.buddybork.hub.backup.BackupRestorer;
import io.buddybork.hub.backup.OpsSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Entry point of the hub jar. Without arguments it starts the hub exactly as before. With a
 * command ({@code backup --to DIR}, {@code restore --from DIR}, {@code verify --from DIR}) it runs
 * that command in plain Java, without booting Quarkus: no HTTP server, no ingest, no scheduler;
 * settings come from the hub's usual environment ({@link OpsSettings}). The commands are picocli
 * commands, as the recognition CLI's: typed options and generated {@code --help}. Exit status: 0
 * done/whole, 1 failed or the backup is damaged (each fault named on stderr), 2 bad usage, 3 backup
 * completed with warnings (e.g. a segment file corrupt in the data directory).
 */
@QuarkusMain
// picocli reads the commands by reflection, also in a native image
@RegisterForReflection(
        targets = {
            HubMain.Commands.class,
            HubMain.Backup.class,
            HubMain.Restore.class,
            HubMain.Verify.class,
            HubMain.Directory.class,
            HubMain.From.class,
            HubMain.Version.class,
            CommandLine.HelpCommand.class
        })
public final class HubMain {
    /** Exit status of a command line that names no command, flag or directory correctly. */
    static final int EXIT_USAGE = 2;

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
        CommandLine cli = new CommandLine(new Commands(out, err));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("buddybork " + e.getCommandLine().getCommandName() + ": " + e.getMessage());
            err.println(cli.getUsageMessage());
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof BackupRestorer.RestoreRefused) {
                err.println("buddybork restore: " + e.getMessage());
            } else {
                err.println("buddybork " + command.getCommandName() + " failed: " + e);
            }
            return BackupCommands.EXIT_FAILED;
        });
        return cli.execute(args);
    }

    /** The commands of the hub jar; runs none by itself (the hub starts without arguments). */
    @Command(
            name = "java -jar quarkus-run.jar",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            customSynopsis = {
                "usage: java -jar quarkus-run.jar                    start the hub",
                "       java -jar quarkus-run.jar backup --to DIR    incremental backup of database, audio, models, keys",
                "       java -jar quarkus-run.jar restore --from DIR restore into an empty data directory and database",
                "       java -jar quarkus-run.jar verify --from DIR  check every file of a backup against its index",
                ""
            },
            subcommands = {Backup.class, Restore.class, Verify.class, CommandLine.HelpCommand.class})
    static final class Commands implements Runnable {
        final PrintStream out;
        final PrintStream err;

        @Spec
        CommandSpec spec;

        Commands(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void run() {
            spec.commandLine().usage(out);
        }
    }

    /** {@code backup --to DIR}. */
    @Command(
            name = "backup",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = "Incremental backup of the database, audio, models and keys; exit 3 when it"
                    + " completed with warnings.")
    static final class Backup implements Callable<Integer> {
        @ParentCommand
        Commands parent;

        @Option(
                names = "--to",
                paramLabel = "DIR",
                required = true,
                converter = Directory.class,
                description = "the backup directory (created; later runs copy only what changed)")
        Path to;

        @Override
        public Integer call() throws Exception {
            return BackupCommands.backup(OpsSettings.fromEnvironment(), to, parent.out, parent.err);
        }
    }

    /** {@code restore --from DIR}. */
    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = "Restore a backup into an empty data directory and database.")
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        Commands parent;

        @Mixin
        From from;

        @Override
        public Integer call() throws Exception {
            return BackupCommands.restore(OpsSettings.fromEnvironment(), from.dir, parent.out, parent.err);
        }
    }

    /** {@code verify --from DIR}. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = "Check every file of a backup against its index; exit 1 when it is damaged.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        Commands parent;

        @Mixin
        From from;

        @Override
        public Integer call() {
            return BackupCommands.verify(from.dir, parent.out, parent.err);
        }
    }

    /** {@code --from DIR}, the backup that {@code restore} and {@code verify} read. */
    static final class From {
        @Option(
                names = "--from",
                paramLabel = "DIR",
                required = true,
                converter = Directory.class,
                description = "the backup directory")
        Path dir;
    }

    /** A directory argument: not blank, made absolute and normalised. */
    static final class Directory implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("DIR is blank");
            }
            return Path.of(value).toAbsolutePath().normalize();
        }
    }

    /** The hub's version, from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HubMain.class.getPackage().getImplementationVersion();
            return new String[] {"buddybork hub " + (version == null ? "dev" : version)};
        }
    }
}
