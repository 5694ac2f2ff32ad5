package io.buddybork.hub.it.edge;

import static org.awaitility.Awaitility.await;

import io.buddybork.hub.it.ItWaits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PulseAudio server for a test, standing in for a Pi's USB microphone: a null sink
 * ({@value #SINK}, 44.1 kHz mono 16-bit) whose monitor is the default source, and an ALSA
 * configuration routing ALSA's default device to it, so that the agent's javax.sound sees a
 * "default [default]" capture device that records whatever {@link #play} plays into the sink.
 * {@link #unplug()} unloads the sink (a microphone pulled out), {@link #plugIn()} loads it again.
 *
 * <p>The server runs as the test's user with its own runtime, state and home directory, and is
 * reached through a Unix socket named by {@link #environment()} ({@code PULSE_SERVER}, plus
 * {@code ALSA_CONFIG_PATH} for the capturing JVM). As root it needs no {@code --system}: it warns
 * that it is not meant to run as root and serves this user alone. {@link #startOrSkip} skips the
 * calling test (JUnit assumption) only where the server cannot start, e.g. without the Debian
 * packages {@code pulseaudio pulseaudio-utils libasound2-plugins}. Not thread-safe.
 */
final class PulseAudioStack implements AutoCloseable {
    static final String SINK = "buddybork_mic";

    private final Path dir;
    private final Path socket;
    private final Path alsaConfig;
    private final Process server;
    private String sinkModule;

    private PulseAudioStack(Path dir, Path socket, Process server) {
        this.dir = dir;
        this.socket = socket;
        this.alsaConfig = dir.resolve("asound.conf");
        this.server = server;
    }

    /** Starts a server in {@code dir} with the sink plugged in, or skips the test when it cannot start. */
    static PulseAudioStack startOrSkip(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("runtime"));
        Files.createDirectories(dir.resolve("state"));
        // a Unix socket path must fit sun_path (108 bytes on Linux): a test's temp dir under a long
        // method name does not, so the socket lives in a short directory of its own
        Path socket = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "bbpa")
                .resolve("native");
        Path script = dir.resolve("default.pa");
        Files.writeString(
                script,
                "load-module module-native-protocol-unix auth-anonymous=1 socket=" + socket + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("asound.conf"),
                "pcm.!default { type pulse server \"unix:" + socket + "\" }\n"
                        + "ctl.!default { type pulse server \"unix:" + socket + "\" }\n",
                StandardCharsets.UTF_8);
        List<String> command = List.of(
                "pulseaudio",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--disallow-exit",
                "--log-target=stderr",
                "-n",
                "-F",
                script.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("pulseaudio.log").toFile()));
        serverEnvironment(pb.environment(), dir);
        Process server;
        try {
            server = pb.start();
        } catch (IOException e) {
            Assumptions.abort("PulseAudio cannot start (" + e.getMessage()
                    + "): install pulseaudio pulseaudio-utils libasound2-plugins (.ci/run does)");
            throw e;
        }
        PulseAudioStack stack = new PulseAudioStack(dir, socket, server);
        try {
            await("PulseAudio answering on " + socket)
                    .atMost(ItWaits.GIVE_UP)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !server.isAlive() || stack.pactlQuietly("info"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            stack.close();
            Assumptions.abort(
                    "PulseAudio did not answer within " + ItWaits.GIVE_UP.toSeconds() + " s: " + stack.serverLog());
        }
        if (!server.isAlive()) {
            String log = stack.serverLog();
            stack.close();
            Assumptions.abort("PulseAudio cannot start here: " + log);
        }
        stack.plugIn();
        return stack;
    }

    private static void serverEnvironment(Map<String, String> env, Path dir) {
        env.put("HOME", dir.toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("runtime").toString());
        env.put("PULSE_RUNTIME_PATH", dir.resolve("runtime").toString());
        env.put("PULSE_STATE_PATH", dir.resolve("state").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.remove("DISPLAY");
        env.remove("DBUS_SESSION_BUS_ADDRESS");
    }

    /**
     * What the capturing JVM needs to find this server through ALSA: the system's ALSA
     * configuration followed by one whose default device is this server.
     */
    Map<String, String> environment() {
        return Map.of(
                "PULSE_SERVER", "unix:" + socket,
                "ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:" + alsaConfig);
    }

    /** Loads the null sink and makes its monitor the default source: the microphone is plugged in. */
    void plugIn() throws IOException, InterruptedException {
        sinkModule = pactl(
                        "load-module",
                        "module-null-sink",
                        "sink_name=" + SINK,
                        "rate=44100",
                        "channels=1",
                        "format=s16le")
                .strip();
        pactl("set-default-source", SINK + ".monitor");
        pactl("set-default-sink", SINK);
    }

    /** Unloads the sink: every stream recording from it fails, as when a USB microphone is pulled out. */
    void unplug() throws IOException, InterruptedException {
        pactl("unload-module", sinkModule);
        sinkModule = null;
    }

    /** Starts playing a 44.1 kHz WAV into the sink; the returned process ends when the file has played. */
    Process play(Path wav) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("paplay", "--device=" + SINK, wav.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("paplay.log").toFile()));
        clientEnvironment(pb.environment());
        return pb.start();
    }

    private void clientEnvironment(Map<String, String> env) {
        serverEnvironment(env, dir);
        env.put("PULSE_SERVER", "unix:" + socket);
    }

    private String pactl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pactl"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        clientEnvironment(pb.environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out + "\n" + serverLog());
        }
        return out;
    }

    private boolean pactlQuietly(String... args) {
        try {
            pactl(args);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's log, for failure messages. */
    String serverLog() {
        try {
            return Files.readString(dir.resolve("pulseaudio.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        } catch (IOException e) {
            // a leftover empty directory under /tmp: harmless
        }
    }
}
