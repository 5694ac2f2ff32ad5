package io.buddybork.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's flags and exit statuses that the systemd unit, pi-setup and people's scripts rely on:
 * 0 done, 1 a failed action, 2 a bad command line or configuration.
 */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpNamesEveryActionAndExitsZero() {
        for (String help : new String[] {"--help", "-h"}) {
            assertThat(run(help)).isZero();
        }
        assertThat(out())
                .contains("--config")
                .contains("--check")
                .contains("--list-devices")
                .contains("--generate-demo")
                .contains("--demo-seconds")
                .contains("--version")
                .contains("Usage: java -jar edge-capture.jar [options]");
    }

    @Test
    void versionExitsZero() {
        assertThat(run("--version")).isZero();
        assertThat(out()).startsWith("buddybork edge-capture ");
    }

    @Test
    void demoAudioIsWrittenAndBadLengthsAreUsageErrors(@TempDir Path dir) {
        Path wav = dir.resolve("demo.wav");

        assertThat(run("--generate-demo", wav.toString(), "--demo-seconds", "3"))
                .isZero();
        assertThat(wav).isRegularFile();
        assertThat(run("--generate-demo", wav.toString(), "--demo-seconds", "lots"))
                .isEqualTo(2);
        assertThat(run("--generate-demo", wav.toString(), "--demo-seconds", "3601"))
                .isEqualTo(2);
        assertThat(run("--generate-demo")).isEqualTo(2);
        assertThat(err()).contains("--demo-seconds needs a whole number").contains("between 3 and 3600");
    }

    @Test
    void aMissingConfigFileOrValueIsAConfigurationError(@TempDir Path dir) {
        assertThat(run("--check", "--config", dir.resolve("absent.properties").toString()))
                .isEqualTo(2);
        assertThat(run("--check", "--config")).isEqualTo(2);
        assertThat(err()).contains("does not exist").contains("--config needs a value");
    }

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
