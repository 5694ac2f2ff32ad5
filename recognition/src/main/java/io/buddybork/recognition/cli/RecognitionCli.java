package io.buddybork.recognition.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar recognition.jar}: dispatches to the subcommands. */
@Command(name = "recognition", mixinStandardHelpOptions = true, version = "recognition 0.1.0",
        description = "Buddybork sound recognition: features, open-set models, evaluation.",
        subcommands = {EvalCommand.class, CompareCommand.class})
public final class RecognitionCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RecognitionCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
