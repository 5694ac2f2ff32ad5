package io.buddybork.recognition.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.buddybork.recognition.testaudio.SyntheticSets;
import io.buddybork.recognition.testaudio.WavFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recognition compare}: one Markdown row per configuration, per-manifest scores and their means. */
class CompareCommandTest {

    @TempDir
    static Path dir;

    static Path first;
    static Path second;

    @BeforeAll
    static void data() throws Exception {
        first = manifest("first", 0);
        second = manifest("second", 50);
    }

    /** 3 tags x (6 train + 3 test), 6 background clips, 3 unknown test clips; {@code seed} varies the sounds. */
    private static Path manifest(String name, int seed) throws Exception {
        StringBuilder csv = new StringBuilder("path,label,split\n");
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 9; i++) {
                String file = "audio/" + name + "-" + SyntheticSets.TAGS.get(t) + i + ".wav";
                WavFiles.write(dir.resolve(file), SyntheticSets.tagSound(t, seed + t * 100 + i));
                csv.append(file)
                        .append(',')
                        .append(SyntheticSets.TAGS.get(t))
                        .append(',')
                        .append(i < 6 ? "train" : "test")
                        .append('\n');
            }
        }
        for (int i = 0; i < 6; i++) {
            String file = "audio/" + name + "-bg" + i + ".wav";
            WavFiles.write(dir.resolve(file), SyntheticSets.background(seed + i));
            csv.append(file).append(",background,train\n");
        }
        for (int i = 0; i < 3; i++) {
            String file = "audio/" + name + "-unk" + i + ".wav";
            WavFiles.write(dir.resolve(file), SyntheticSets.unknown(seed + i));
            csv.append(file).append(",siren,test\n");
        }
        return Files.writeString(dir.resolve(name + ".csv"), csv.toString());
    }

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = RecognitionCli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void printsOneRowPerConfigurationWithEachManifestsScoresAndTheirMeans() {
        Run r = run(
                "compare",
                first.toString(),
                second.toString(),
                "--projectors",
                "NONE",
                "--classifiers",
                "LOGISTIC,KNN",
                "--scores",
                "POSTERIOR",
                "--windows",
                "0",
                "--threads",
                "1");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().filter(l -> l.startsWith("|")).toList();
        assertThat(lines).hasSize(2 + 2);
        assertThat(lines.get(0))
                .isEqualTo("| window | projector | classifier | score | acc first | auroc first |"
                        + " acc second | auroc second | **mean acc** | **mean auroc** | macro-F1 |");
        assertThat(lines.get(1)).matches("\\|(---\\|)+");
        assertThat(lines.get(2)).startsWith("| clip | NONE | LOGISTIC | POSTERIOR |");
        assertThat(lines.get(3)).startsWith("| clip | NONE | KNN | POSTERIOR |");
        for (String row : lines.subList(2, 4)) {
            double[] v = numbers(row);
            assertThat(v).hasSize(7);
            for (double x : v) {
                assertThat(x).as(row).isBetween(0.0, 1.0);
            }
            assertThat(v[4]).as("mean accuracy of " + row).isCloseTo((v[0] + v[2]) / 2, within(0.0011));
            assertThat(v[5]).as("mean AUROC of " + row).isCloseTo((v[1] + v[3]) / 2, within(0.0011));
        }
        // the synthetic tags are easy: a plain logistic regression on the statistics separates them
        assertThat(numbers(lines.get(2))[4]).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void aMissingManifestFileStopsWithTheFaultAndNoTable() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "path,label,split\naudio/nowhere.wav,low_hum,train\n");
        Run r = run(
                "compare",
                bad.toString(),
                first.toString(),
                "--projectors",
                "NONE",
                "--classifiers",
                "LOGISTIC",
                "--scores",
                "POSTERIOR",
                "--windows",
                "0",
                "--threads",
                "1");

        assertThat(r.code()).isEqualTo(RecognitionCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("row 2").contains("not found");
        assertThat(r.out()).doesNotContain("| window |");
    }

    private static double[] numbers(String row) {
        return Arrays.stream(row.split("\\|"))
                .map(String::trim)
                .map(c -> c.replace("**", ""))
                .filter(c -> c.matches("-?[0-9]+\\.[0-9]+"))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }
}
