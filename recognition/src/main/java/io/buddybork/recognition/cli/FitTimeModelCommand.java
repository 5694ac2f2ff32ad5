package io.buddybork.recognition.cli;

import io.buddybork.recognition.eval.ManifestException;
import io.buddybork.recognition.plot.Charts;
import io.buddybork.recognition.time.TimeOfDayModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fit-time-model}: fits a time-of-day model per tag from a CSV of tagged timestamps
 * (columns {@code time,tag}; ISO-8601 instants or epoch milliseconds) and draws all of them in one
 * chart.
 */
@Command(
        name = "fit-time-model",
        mixinStandardHelpOptions = true,
        description = "Fit and plot per-tag time-of-day models from a CSV with columns time,tag.")
public final class FitTimeModelCommand implements Callable<Integer> {

    @Option(names = "--csv", required = true, description = "CSV with columns time,tag (time: ISO-8601 or epoch ms)")
    Path csv;

    @Option(names = "--out", required = true, description = "PNG to write")
    Path out;

    @Option(names = "--bandwidth", description = "kernel width in hours (default: ${DEFAULT-VALUE})")
    double bandwidth = 1.0;

    @Mixin
    FeatureOptions options;

    @Override
    public Integer call() throws Exception {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new ManifestException(csv + ": empty file (expected a header time,tag)");
        }
        List<String> header =
                List.of(lines.get(0)
                                .replace("\uFEFF", "")
                                .toLowerCase(Locale.ROOT)
                                .split(",", -1))
                        .stream()
                        .map(String::trim)
                        .toList();
        int time = header.indexOf("time");
        int tag = header.contains("tag") ? header.indexOf("tag") : header.indexOf("label");
        if (time < 0 || tag < 0) {
            throw new ManifestException(csv + " row 1 (header): need columns time and tag, found " + lines.get(0));
        }
        Map<String, List<Instant>> byTag = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length <= Math.max(time, tag)) {
                throw new ManifestException(csv + " row " + (i + 1) + ": expected " + header.size() + " fields");
            }
            String t = f[tag].trim();
            if (t.isEmpty()) {
                throw new ManifestException(csv + " row " + (i + 1) + ": empty tag");
            }
            byTag.computeIfAbsent(t, k -> new ArrayList<>()).add(parse(f[time].trim(), i + 1));
        }
        if (byTag.isEmpty()) {
            throw new ManifestException(csv + ": no rows");
        }
        Map<String, TimeOfDayModel> models = new TreeMap<>();
        Map<String, double[]> hours = new TreeMap<>();
        for (Map.Entry<String, List<Instant>> e : byTag.entrySet()) {
            models.put(e.getKey(), TimeOfDayModel.fit(e.getValue(), options.zone, bandwidth));
            hours.put(
                    e.getKey(),
                    e.getValue().stream()
                            .mapToDouble(x -> TimeOfDayModel.hourOfDay(x, options.zone))
                            .toArray());
        }
        Charts.timeModels(
                out, models, hours, "Time-of-day models (" + options.zone + ", bandwidth " + bandwidth + " h)");
        for (Map.Entry<String, TimeOfDayModel> e : models.entrySet()) {
            double peak = 0;
            double peakHour = 0;
            for (int q = 0; q < 24 * 12; q++) {
                double d = e.getValue().densityAtHour(q / 12.0);
                if (d > peak) {
                    peak = d;
                    peakHour = q / 12.0;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-20s %4d events, peak at %02d:%02d (%.1fx uniform)%n",
                    e.getKey(),
                    e.getValue().observations(),
                    (int) peakHour,
                    (int) Math.round(peakHour % 1 * 60),
                    peak * 24);
        }
        System.out.println("wrote " + out);
        return 0;
    }

    private Instant parse(String v, int row) throws ManifestException {
        try {
            return v.chars().allMatch(Character::isDigit) && !v.isEmpty()
                    ? Instant.ofEpochMilli(Long.parseLong(v))
                    : Instant.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ManifestException(csv + " row " + row + ": time '" + v
                    + "' is neither ISO-8601 (2026-05-01T07:30:00Z) nor epoch milliseconds");
        }
    }
}
