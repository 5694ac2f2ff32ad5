package io.buddybork.recognition.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.testaudio.SyntheticSets;
import io.buddybork.recognition.testaudio.WavFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecognitionCliTest {

    @TempDir
    static Path dir;

    static Path manifest;

    /** Writes a small synthetic data set: 3 tags x 6 train + 3 test, background, unknowns, with times. */
    @BeforeAll
    static void data() throws Exception {
        StringBuilder csv = new StringBuilder("path,label,split,time\n");
        Instant day = Instant.parse("2026-05-01T00:00:00Z");
        int n = 0;
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 9; i++) {
                String name = "audio/" + SyntheticSets.TAGS.get(t) + i + ".wav";
                WavFiles.write(dir.resolve(name), SyntheticSets.tagSound(t, t * 100 + i));
                Instant at = day.plusSeconds((6 + 6L * t) * 3600 + i * 600L);
                csv.append(name)
                        .append(',')
                        .append(SyntheticSets.TAGS.get(t))
                        .append(',')
                        .append(i < 6 ? "train" : "test")
                        .append(',')
                        .append(at)
                        .append('\n');
            }
        }
        for (int i = 0; i < 8; i++) {
            String name = "audio/bg" + i + ".wav";
            WavFiles.write(dir.resolve(name), SyntheticSets.background(i));
            csv.append(name)
                    .append(",background,train,")
                    .append(day.plusSeconds(i * 3600L))
                    .append('\n');
        }
        for (int i = 0; i < 4; i++) {
            String name = "audio/unk" + i + ".wav";
            WavFiles.write(dir.resolve(name), SyntheticSets.unknown(i));
            csv.append(name)
                    .append(",siren,test,")
                    .append(day.plusSeconds(i * 7200L))
                    .append('\n');
            n++;
        }
        manifest = Files.writeString(dir.resolve("manifest.csv"), csv.toString());
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

    private static void assertReadablePng(Path file) throws Exception {
        assertThat(file).exists();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(400);
    }

    @Test
    void evalWritesMetricsPlotsAndTheModel() throws Exception {
        Path out = dir.resolve("eval");
        Run r = run(
                "eval",
                "--manifest",
                manifest.toString(),
                "--out",
                out.toString(),
                "--zone",
                "UTC",
                "--cache",
                dir.resolve("cache").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode m = ModelStore.json().readTree(Files.readString(out.resolve("metrics.json")));
        for (String key : new String[] {
            "closed_set_accuracy",
            "auroc_known_vs_unknown",
            "open_set_macro_f1",
            "per_tag",
            "confusion_matrix",
            "featurize_realtime_factor"
        }) {
            assertThat(m.has(key)).as(key).isTrue();
        }
        assertThat(m.get("closed_set_accuracy").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(m.get("featurize_realtime_factor").asDouble()).isPositive();
        assertThat(m.get("per_tag").has("unknown")).isTrue();
        assertThat(m.get("confusion_matrix").get("matrix").size()).isEqualTo(4);
        assertReadablePng(out.resolve("confusion.png"));
        assertReadablePng(out.resolve("pr_curves.png"));
        assertReadablePng(out.resolve("time_model.png"));
        assertThat(out.resolve("predictions.csv")).content().startsWith("path,label,predicted,best_tag,score");
        assertThat(ModelStore.load(out.resolve("model.model")).tags()).isEqualTo(SyntheticSets.TAGS);
        assertThat(r.out()).contains("closed_set_accuracy");
        // eval-metrics.json was written by the CLI before metrics.json was typed: same keys and kinds
        try (var golden = RecognitionCliTest.class.getResourceAsStream("eval-metrics.json")) {
            assertThat(shape("", m)).isEqualTo(shape("", ModelStore.json().readTree(golden)));
        }
        JsonNode kept = ModelStore.json()
                .readTree(Files.readString(out.resolve("model.json")))
                .get("metrics");
        assertThat(kept).isEqualTo(m);
    }

    /** Every path of a JSON tree with the kind of its value (arrays by their first element). */
    private static java.util.Map<String, String> shape(String path, JsonNode node) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        out.put(path, node.isNumber() ? "number" : node.getNodeType().toString());
        if (node.isObject()) {
            node.properties().forEach(e -> out.putAll(shape(path + "/" + e.getKey(), e.getValue())));
        } else if (node.isArray() && !node.isEmpty()) {
            out.putAll(shape(path + "/[]", node.get(0)));
        }
        return out;
    }

    @Test
    void trainThenTestRoundTripsThroughTheModelFile() throws Exception {
        Path model = dir.resolve("models/synthetic.model");
        Run train = run("train", "--manifest", manifest.toString(), "--model", model.toString(), "--no-progress");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(model).exists();
        assertThat(ModelStore.metadataPath(model)).exists();
        Run test = run(
                "test",
                "--manifest",
                manifest.toString(),
                "--model",
                model.toString(),
                "--out",
                dir.resolve("test-out").toString(),
                "--no-progress");
        assertThat(test.code()).as(test.err()).isZero();
        assertThat(test.out()).contains("DETECT").contains("closed_set_accuracy");
        assertThat(dir.resolve("test-out/metrics.json")).exists();
        // Scoring new audio needs no training rows in the manifest.
        Path testOnly = Files.writeString(
                dir.resolve("test-only.csv"),
                "path,label,split\naudio/low_hum8.wav,low_hum,test\naudio/unk0.wav,siren,test\n");
        Run scored = run("test", "--manifest", testOnly.toString(), "--model", model.toString(), "--no-progress");
        assertThat(scored.code()).as(scored.err()).isZero();
        assertThat(scored.out()).contains("low_hum8.wav").contains("unk0.wav");
    }

    @Test
    void featurizeReportsItsSpeedAndWritesVectors() throws Exception {
        Path csv = dir.resolve("features.csv");
        Run r = run("featurize", "--manifest", manifest.toString(), "--out", csv.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("featurize_realtime_factor");
        assertThat(Files.readAllLines(csv)).hasSize(1 + 27 + 8 + 4);
    }

    @Test
    void aBadManifestStopsWithTheRowAndFault() throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad.csv"),
                "path,label,split\naudio/low_hum0.wav,low_hum,train\n" + "audio/missing.wav,low_hum,train\n");
        Run r = run(
                "eval",
                "--manifest",
                bad.toString(),
                "--out",
                dir.resolve("bad-out").toString());
        assertThat(r.code()).isEqualTo(RecognitionCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("row 3").contains("not found");
        Path noCols = Files.writeString(dir.resolve("nocols.csv"), "path,tag\naudio/low_hum0.wav,low_hum\n");
        Run r2 = run(
                "train",
                "--manifest",
                noCols.toString(),
                "--model",
                dir.resolve("x.model").toString());
        assertThat(r2.code()).isEqualTo(RecognitionCli.EXIT_BAD_INPUT);
        assertThat(r2.err()).contains("missing column(s) label, split");
        Files.writeString(dir.resolve("audio/garbage.wav"), "RIFF but not really");
        Path garbage = Files.writeString(
                dir.resolve("garbage.csv"),
                "path,label,split\naudio/low_hum0.wav,low_hum,train\n"
                        + "audio/low_hum1.wav,low_hum,train\naudio/garbage.wav,low_hum,train\n");
        Run r3 = run(
                "train",
                "--manifest",
                garbage.toString(),
                "--model",
                dir.resolve("y.model").toString(),
                "--no-progress");
        assertThat(r3.code()).isEqualTo(RecognitionCli.EXIT_BAD_INPUT);
        assertThat(r3.err()).contains("row 4").contains("unreadable audio");
    }

    @Test
    void evalWithoutTestRowsOrWithoutAManifestStopsWithTheFault() throws Exception {
        Path trainOnly = Files.writeString(
                dir.resolve("train-only.csv"),
                "path,label,split\n" + "audio/low_hum0.wav,low_hum,train\naudio/mid_pulse0.wav,mid_pulse,train\n");
        Run r = run(
                "eval",
                "--manifest",
                trainOnly.toString(),
                "--out",
                dir.resolve("no-test-out").toString());
        assertThat(r.code()).isEqualTo(RecognitionCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("no test rows");
        assertThat(dir.resolve("no-test-out")).doesNotExist();
        Run r2 = run(
                "eval",
                "--manifest",
                dir.resolve("nope.csv").toString(),
                "--out",
                dir.resolve("x").toString());
        assertThat(r2.code()).isEqualTo(RecognitionCli.EXIT_BAD_INPUT);
        assertThat(r2.err()).contains("manifest not found").contains("nope.csv");
    }

    @Test
    void anIncompatibleModelFileIsReportedClearly() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.model"), "not a model");
        Run r = run("test", "--manifest", manifest.toString(), "--model", junk.toString());
        assertThat(r.code()).isEqualTo(RecognitionCli.EXIT_INCOMPATIBLE_MODEL);
        assertThat(r.err()).contains("not a Buddybork model");
    }

    @Test
    void convertModelRewritesAnOldModelThatTestThenReads() throws Exception {
        Path old = dir.resolve("old.model");
        try (var in =
                RecognitionCliTest.class.getResourceAsStream("/io/buddybork/recognition/model/legacy/previous.model")) {
            Files.write(old, in.readAllBytes());
        }
        Run refused = run("test", "--manifest", manifest.toString(), "--model", old.toString());
        assertThat(refused.code()).isEqualTo(RecognitionCli.EXIT_INCOMPATIBLE_MODEL);
        assertThat(refused.err()).contains("old Java-serialised model format").contains("convert-model");

        Path converted = dir.resolve("converted.model");
        Run r = run("convert-model", old.toString(), converted.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("format 1").contains("format " + ModelStore.FORMAT_VERSION);
        assertThat(ModelStore.formatOf(converted)).isEqualTo(ModelStore.FORMAT_VERSION);
        assertThat(ModelStore.metadataPath(converted)).exists();
        assertThat(ModelStore.load(converted).tags()).containsExactly("low_hum", "mid_pulse", "high_chirp");

        Path junk = Files.writeString(dir.resolve("junk2.model"), "not a model");
        Run bad = run("convert-model", junk.toString(), dir.resolve("x.model").toString());
        assertThat(bad.code()).isEqualTo(RecognitionCli.EXIT_INCOMPATIBLE_MODEL);
        assertThat(bad.err()).contains("not a Buddybork model");
    }

    @Test
    void rotateEvaluatesConfigurationsOverSeededSplitsAndWritesTheTable() throws Exception {
        Path folder = dir.resolve("classes");
        for (int c = 0; c < 5; c++) {
            for (int i = 0; i < 4; i++) {
                short[] pcm = c < 3
                        ? SyntheticSets.tagSound(c, 500 + c * 10 + i)
                        : c == 3 ? SyntheticSets.background(600 + i) : SyntheticSets.unknown(700 + i);
                WavFiles.write(folder.resolve("class" + c).resolve(i + ".wav"), pcm);
            }
        }
        Path out = dir.resolve("rotations");
        Run r = run(
                "rotate",
                "--folder",
                folder.toString(),
                "--out",
                out.toString(),
                "--rotations",
                "2",
                "--known",
                "2",
                "--background",
                "1",
                "--unknown",
                "1",
                "--per-tag",
                "2-3",
                "--no-progress",
                "--stages",
                "stats",
                "--config",
                "previous=previous",
                "--config",
                "new=default");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("2 rotations (seed 1)")
                .contains("| previous | ")
                .contains("| new | ");
        assertThat(out.resolve("rotations.md")).content().contains("Feature fingerprint: `v2-");
        assertThat(Files.readAllLines(out.resolve("rotations.csv"))).hasSize(1 + 2 * 2);
        JsonNode json = ModelStore.json().readTree(out.resolve("rotations.json").toFile());
        assertThat(json.get("configurations")).hasSize(2);
        assertThat(json.get("configurations")
                        .get(1)
                        .get("auroc_known_vs_unknown")
                        .get("mean")
                        .isNumber())
                .isTrue();
        Run bad = run("rotate", "--folder", folder.toString(), "--known", "4", "--no-progress", "--stages", "stats");
        assertThat(bad.code()).isEqualTo(RecognitionCli.EXIT_BAD_INPUT);
        assertThat(bad.err()).contains("the folder has 5 classes; the plan needs 10");
    }

    @Test
    void fitTimeModelPlotsAllTags() throws Exception {
        Path events = Files.writeString(
                dir.resolve("events.csv"),
                "time,tag\n2026-05-01T07:00:00Z,dog\n"
                        + "2026-05-02T07:20:00Z,dog\n2026-05-03T06:50:00Z,dog\n2026-05-01T22:00:00Z,cat\n1777672800000,cat\n");
        Path png = dir.resolve("time.png");
        Run r = run("fit-time-model", "--csv", events.toString(), "--out", png.toString(), "--zone", "UTC");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("dog").contains("peak at 07:");
        assertReadablePng(png);
        Path bad = Files.writeString(dir.resolve("bad-events.csv"), "time,tag\nyesterday,dog\n");
        Run r2 = run("fit-time-model", "--csv", bad.toString(), "--out", png.toString());
        assertThat(r2.code()).isEqualTo(RecognitionCli.EXIT_BAD_INPUT);
        assertThat(r2.err()).contains("row 2").contains("yesterday");
    }
}
