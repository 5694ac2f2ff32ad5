package io.buddybork.recognition.cli;

import io.buddybork.recognition.eval.ManifestException;
import io.buddybork.recognition.model.IncompatibleModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code java -jar recognition.jar}: dispatches to the subcommands and turns
 * failures into one-line messages with distinct exit codes (1 I/O, 2 bad input, 3 incompatible
 * model, 4 unexpected).
 */
@Command(
        name = "recognition",
        mixinStandardHelpOptions = true,
        version = "recognition 0.1.0",
        description = "Buddybork sound recognition: features, open-set models, evaluation.",
        subcommands = {
            FeaturizeCommand.class,
            TrainCommand.class,
            TestCommand.class,
            EvalCommand.class,
            CompareCommand.class,
            RotateCommand.class,
            FitTimeModelCommand.class,
            ConvertModelCommand.class
        })
public final class RecognitionCli implements Runnable {

    /** Exit code of I/O failures. */
    public static final int EXIT_IO = 1;
    /** Exit code of bad input (manifest, arguments, audio). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code of a model this build cannot use. */
    public static final int EXIT_INCOMPATIBLE_MODEL = 3;
    /** Exit code of unexpected failures. */
    public static final int EXIT_UNEXPECTED = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit status, which {@link #main} exits with. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new RecognitionCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + message(e));
            if (code(e) == EXIT_UNEXPECTED) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return code(e);
        });
        return cli.execute(args);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int code(Exception e) {
        if (e instanceof ManifestException || e instanceof IllegalArgumentException) {
            return EXIT_BAD_INPUT;
        }
        if (e instanceof IncompatibleModelException) {
            return EXIT_INCOMPATIBLE_MODEL;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return EXIT_IO;
        }
        return EXIT_UNEXPECTED;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
