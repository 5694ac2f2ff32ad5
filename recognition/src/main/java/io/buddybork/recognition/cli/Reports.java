package io.buddybork.recognition.cli;

import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.recognition.eval.Evaluation;
import io.buddybork.recognition.eval.Manifest;
import io.buddybork.recognition.eval.OpenSetMetrics;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.PrCurve;
import io.buddybork.recognition.model.Prediction;
import io.buddybork.recognition.plot.Charts;
import io.buddybork.recognition.time.TimeOfDayModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes evaluation outputs (metrics.json, plots, predictions.csv). Stateless. */
final class Reports {

    private Reports() {}

    /** The metrics.json content. */
    static EvalReport metricsJson(Evaluation.Result r, double realtimeFactor) {
        OpenSetMetrics m = r.metrics();
        OpenSetModel model = r.model();
        Map<String, EvalReport.Curve> curves = new LinkedHashMap<>();
        for (int t = 0; t < model.tags().size(); t++) {
            PrCurve c = m.testCurves().get(t);
            curves.put(
                    model.tags().get(t),
                    new EvalReport.Curve(c.averagePrecision(), c.thresholds(), c.precision(), c.recall()));
        }
        return new EvalReport(
                finite(m.closedSetAccuracy()),
                finite(m.auroc()),
                m.openSetMacroF1(),
                m.perTag(),
                new EvalReport.ConfusionTable(m.classes(), "true class", "predicted class", m.confusion()),
                Math.round(realtimeFactor * 10) / 10.0,
                model.tags(),
                r.truth().length,
                model.config(),
                model.featureConfig(),
                model.featureConfig().fingerprint(),
                model.thresholds(),
                curves,
                model.summary());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Writes metrics.json, confusion.png, pr_curves.png, predictions.csv and time_model.png. */
    static void writeAll(Path out, Evaluation.Result r, EvalReport metrics, Manifest manifest, ZoneId zone)
            throws IOException {
        DurableFiles.write(out.resolve("metrics.json"), ModelStore.json().writeValueAsBytes(metrics));
        OpenSetMetrics m = r.metrics();
        String subtitle = String.format(
                Locale.ROOT,
                "closed-set acc %.2f, AUROC %.2f, open-set macro-F1 %.2f",
                m.closedSetAccuracy(),
                m.auroc(),
                m.openSetMacroF1());
        Charts.confusion(out.resolve("confusion.png"), m.classes(), m.confusion(), "Open-set confusion: " + subtitle);
        double[] thresholds =
                r.model().thresholds().stream().mapToDouble(t -> t.threshold()).toArray();
        Charts.prCurves(
                out.resolve("pr_curves.png"),
                r.model().tags(),
                m.testCurves(),
                thresholds,
                "Test precision-recall per tag (" + manifest.file().getFileName() + ")");
        writePredictions(out.resolve("predictions.csv"), r);
        if (!r.model().timeModels().isEmpty()) {
            Map<String, double[]> hours = new LinkedHashMap<>();
            for (String tag : r.model().timeModels().keySet()) {
                hours.put(
                        tag,
                        manifest.rows(Manifest.Split.TRAIN).stream()
                                .filter(row -> row.label().equals(tag))
                                .filter(row -> row.time() != null)
                                .mapToDouble(row -> TimeOfDayModel.hourOfDay(row.time(), zone))
                                .toArray());
            }
            Charts.timeModels(
                    out.resolve("time_model.png"), r.model().timeModels(), hours, "Time-of-day models (" + zone + ")");
        }
    }

    static void writePredictions(Path file, Evaluation.Result r) throws IOException {
        StringBuilder sb = new StringBuilder("path,label,predicted,best_tag,score");
        List<String> tags = r.model().tags();
        for (String t : tags) {
            sb.append(",score_").append(t);
        }
        sb.append('\n');
        for (int i = 0; i < r.predictions().size(); i++) {
            Prediction p = r.predictions().get(i);
            sb.append(csv(r.testClips().get(i).row().path().toString()))
                    .append(',')
                    .append(csv(r.testClips().get(i).row().label()))
                    .append(',')
                    .append(p.known() ? csv(p.bestTag()) : OpenSetMetrics.UNKNOWN)
                    .append(',')
                    .append(csv(p.bestTag()))
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.6f", p.score()));
            for (String t : tags) {
                sb.append(String.format(Locale.ROOT, ",%.6f", p.tagScores().get(t)));
            }
            sb.append('\n');
        }
        DurableFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Featurisation speed measured on (up to) the first five clips when everything came from cache. */
    static double measureRealtimeFactor(FeatureExtractor extractor, Manifest manifest) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<PcmAudio> clips = new ArrayList<>();
        for (Manifest.Row row :
                manifest.rows().subList(0, Math.min(5, manifest.rows().size()))) {
            try {
                clips.add(WavCodec.decode(Files.readAllBytes(row.path())));
            } catch (io.buddybork.model.wav.WavFormatException e) {
                throw new IOException("row " + row.line() + ": unreadable audio: " + e.getMessage(), e);
            }
        }
        double seconds = 0;
        long t0 = mx.getCurrentThreadCpuTime();
        for (PcmAudio a : clips) {
            extractor.extract(a.samples(), a.sampleRate());
            seconds += a.frames() / (double) a.sampleRate();
        }
        double cpu = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
        return cpu == 0 ? 0 : seconds / cpu;
    }
}
