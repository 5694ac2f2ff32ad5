package io.buddybork.edge;

import io.buddybork.edge.capture.MicrophoneSource;
import io.buddybork.edge.config.ConfigException;
import io.buddybork.edge.config.ConfigLoader;
import io.buddybork.edge.config.EdgeCommandLine;
import io.buddybork.edge.config.EdgeConfig;
import io.buddybork.edge.demo.DemoAudio;
import io.buddybork.edge.logging.OneLineFormatter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * Command-line entry point of {@code edge-capture.jar}: runs the agent (the systemd service),
 * or {@code --check}, {@code --list-devices}, {@code --generate-demo}. Exit codes: 0 success (a
 * file replay fully captured and uploaded), 1 a failed check or a runtime failure, 2 bad
 * configuration; on SIGTERM the agent stops gracefully (JVM exit status 143).
 */
public final class Main {
    static {
        // before anything touches java.util.logging (see AgentLogManager)
        OneLineFormatter.selectLogManager();
    }

    private static final Logger LOG = Logger.getLogger("agent");

    private Main() {}

    public static void main(String[] args) {
        OneLineFormatter.install();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command and returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        EdgeCommandLine.Invocation arguments;
        try {
            arguments = EdgeCommandLine.parse(args);
        } catch (ConfigException e) {
            err.println("edge-capture: " + e.getMessage());
            return 2;
        }
        switch (arguments.action()) {
            case HELP -> {
                out.print(EdgeCommandLine.usage());
                return 0;
            }
            case VERSION -> {
                String version = Main.class.getPackage().getImplementationVersion();
                out.println("buddybork edge-capture " + (version == null ? "dev" : version));
                return 0;
            }
            case LIST_DEVICES -> {
                List<String> devices = MicrophoneSource.listDevices();
                if (devices.isEmpty()) {
                    out.println("no capture devices found (is the user in the 'audio' group? is ALSA configured?)");
                    return 1;
                }
                devices.forEach(out::println);
                return 0;
            }
            case GENERATE_DEMO -> {
                try {
                    Path file = Path.of(arguments.demoFile());
                    DemoAudio.write(file, arguments.demoSeconds());
                    out.println("wrote " + arguments.demoSeconds() + " s of demo audio to " + file);
                    return 0;
                } catch (IOException e) {
                    err.println("edge-capture: cannot write demo audio: " + e.getMessage());
                    return 1;
                }
            }
            default -> {
                // CHECK and RUN need the configuration
            }
        }
        EdgeConfig config;
        try {
            config = ConfigLoader.load(arguments);
        } catch (ConfigException e) {
            err.println("edge-capture: configuration error: " + e.getMessage());
            return 2;
        }
        if (arguments.action() == EdgeCommandLine.Action.CHECK) {
            return Checks.run(config, out) ? 0 : 1;
        }
        return runAgent(config);
    }

    private static int runAgent(EdgeConfig config) {
        EdgeAgent agent;
        try {
            agent = EdgeAgent.create(config);
        } catch (IOException | IllegalArgumentException e) {
            LOG.severe("cannot start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "shutdown"));
        try {
            agent.start();
            if (agent.awaitCompletion()) {
                LOG.info("file replay complete: "
                        + agent.metrics().segmentsCaptured.get() + " segments captured, "
                        + agent.metrics().segmentsUploaded.get() + " uploaded, "
                        + agent.metrics().segmentsGated.get()
                        + " silent, " + agent.metrics().segmentsRejected.get() + " rejected");
                agent.stop();
                return 0;
            }
            agent.awaitStopped();
            return 0;
        } catch (IOException e) {
            LOG.severe("cannot start: " + e.getMessage());
            agent.stop();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
