package io.buddybork.hub.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hub jar's commands keep the words, flags and exit statuses that scripts and the systemd
 * units use: {@code backup --to DIR}, {@code verify --from DIR}, {@code restore --from DIR}; 0 done,
 * 1 failed or damaged, 2 bad usage (with the usage on stderr), help on stdout with 0.
 */
class HubMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void helpListsTheThreeCommandsAndExitsZero(String help) {
        assertThat(run(help)).isZero();

        assertThat(out())
                .contains("backup --to DIR")
                .contains("restore --from DIR")
                .contains("verify --from DIR");
    }

    @Test
    void eachCommandTakesItsOwnFlagAndOneDirectory() {
        assertThat(run("backup")).isEqualTo(2);
        assertThat(run("backup", "--from", "/tmp/x")).isEqualTo(2);
        assertThat(run("verify", "--to", "/tmp/x")).isEqualTo(2);
        assertThat(run("restore", "--to", "/tmp/x")).isEqualTo(2);
        assertThat(run("verify", "--from")).isEqualTo(2);
        assertThat(run("verify", "--from", "/tmp/x", "/tmp/y")).isEqualTo(2);
        assertThat(run("verify", "--from", " ")).isEqualTo(2);
        assertThat(run("verify", "--from", "/tmp/x", "--frobnicate")).isEqualTo(2);
        assertThat(err()).contains("verify --from DIR");
    }

    @Test
    void verifyingSomethingThatIsNoBackupFailsWithOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stray.txt"), "not a backup");

        assertThat(run("verify", "--from", dir.toString())).isEqualTo(1);
        assertThat(err()).contains("damaged");
    }

    private int run(String... args) {
        return HubMain.run(
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
