package io.buddybork.hub.it.edge;

import io.buddybork.hub.it.ItHttp;
import io.buddybork.hub.it.ItWaits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the packaged edge agent ({@code edge-capture/target/edge-capture.jar}) as a child process
 * with the JVM options and malloc arenas of {@code systemd/buddybork-edge.service} (heap 16-48 MB,
 * serial GC, C1 only), as systemd would (one-shot commands with {@code -Xmx48m} only), and gives tests its exit code, log, timeline anchor and
 * status metrics. The jar is {@code buddybork.edge.jar} or found from the working directory; the
 * JVM is {@code buddybork.it.edge-java} or the running one. Not thread-safe.
 */
public final class EdgeProcess implements AutoCloseable {
    /** The JVM options of {@code systemd/buddybork-edge.service}'s ExecStart. */
    static final List<String> SERVICE_JVM_OPTIONS = List.of(
            "-Xms16m",
            "-Xmx48m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss512k",
            "-XX:ReservedCodeCacheSize=24m");

    /**
     * A one-shot command's options, as before: the service's serial GC with 48 MB has no room for
     * the 90 s demo's synthesis (--generate-demo runs out of heap), and owners run these by hand.
     */
    static final List<String> ONE_SHOT_JVM_OPTIONS = List.of("-Xmx48m");

    private static final Pattern ANCHOR = Pattern.compile("timeline anchored at \\S+ \\((\\d+) ms\\)");

    private final Process process;
    private final Path log;

    private EdgeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The agent jar. */
    public static Path jar() {
        String configured = System.getProperty("buddybork.edge.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(
                cwd.resolve("edge-capture/target/edge-capture.jar"),
                cwd.resolveSibling("edge-capture").resolve("target/edge-capture.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no edge-capture.jar found from " + cwd + ": run ./mvnw -pl edge-capture -am package first");
    }

    /**
     * Runs the jar to completion for a one-shot command (e.g. --generate-demo, --check), as an owner
     * types it ({@code java -Xmx48m -jar}, not the service's options); returns output.
     */
    public static String runToCompletion(Path log, String... args) throws IOException, InterruptedException {
        return runToCompletion(log, Map.of(), args);
    }

    /** Like {@link #runToCompletion(Path, String...)} with extra environment variables. */
    public static String runToCompletion(Path log, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        try (EdgeProcess p = start(log, env, List.of(defaultJava()), ONE_SHOT_JVM_OPTIONS, args)) {
            int code = p.waitFor(ItWaits.GIVE_UP);
            String out = p.log();
            if (code != 0) {
                throw new AssertionError("edge-capture " + String.join(" ", args) + " exited " + code + ":\n" + out);
            }
            return out;
        }
    }

    /** Starts the agent with {@code args}; stdout and stderr go to {@code log}. */
    public static EdgeProcess start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    /**
     * Starts the agent with {@code args} and extra environment variables ({@code env}, e.g. the
     * sound server's); stdout and stderr go to {@code log}.
     */
    public static EdgeProcess start(Path log, Map<String, String> env, String... args) throws IOException {
        return start(log, env, List.of(defaultJava()), args);
    }

    private static String defaultJava() {
        return System.getProperty(
                "buddybork.it.edge-java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Starts the agent with {@code launcher} as the command that runs {@code java} (e.g. an
     * emulator followed by a foreign architecture's {@code java}); stdout and stderr go to {@code log}.
     */
    public static EdgeProcess start(Path log, Map<String, String> env, List<String> launcher, String... args)
            throws IOException {
        return start(log, env, launcher, SERVICE_JVM_OPTIONS, args);
    }

    private static EdgeProcess start(
            Path log, Map<String, String> env, List<String> launcher, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("BUDDYBORK_"));
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        pb.environment().putAll(env);
        return new EdgeProcess(pb.start(), log);
    }

    /** Waits for the exit code; fails with the log when the agent is still running after {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("edge agent still running after " + timeout + ":\n" + tail(60));
        }
        return process.exitValue();
    }

    /** SIGKILL, as a power cut or the OOM killer would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemd stops the service. */
    void terminate() {
        process.destroy();
    }

    /** SIGSTOP: the JVM gets no CPU at all until {@link #resume()}, as on a starved Pi. */
    void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The whole log. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The last lines of the log, for failure messages. */
    public String tail(int lines) {
        String[] all = log().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** The timeline anchor the agent logged (UTC ms of the first frame of its file). */
    public long anchorMs() {
        Matcher m = ANCHOR.matcher(log());
        if (!m.find()) {
            throw new AssertionError("agent did not log its timeline anchor:\n" + tail(40));
        }
        return Long.parseLong(m.group(1));
    }

    /** Metrics from the agent's status endpoint on {@code port}, by name. */
    public static Map<String, Double> metrics(int port) throws IOException, InterruptedException {
        HttpClient http = ItHttp.client(Duration.ofSeconds(2));
        String body = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Double> values = new HashMap<>();
        for (String line : body.split("\n")) {
            if (!line.startsWith("#") && line.contains(" ")) {
                String[] parts = line.split(" ");
                values.put(parts[0], Double.parseDouble(parts[1]));
            }
        }
        return values;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
