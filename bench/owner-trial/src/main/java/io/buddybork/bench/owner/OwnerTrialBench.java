package io.buddybork.bench.owner;

import io.buddybork.bench.owner.Clips.Clip;
import io.buddybork.bench.owner.TrialPlan.Placed;
import io.buddybork.bench.owner.TrialPlan.Role;
import io.buddybork.bench.owner.TrialRun.ClipCalls;
import io.buddybork.bench.owner.TrialRun.Result;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Owner-level benchmark of the first model an owner builds: per seeded trial, a fresh packaged hub
 * (own port, database and data directory) is given a few days of real clips at one hour of the day
 * with a few target sounds labelled, trains a model exactly as the models page's presets and
 * defaults would, activates it, and then hears held-out target clips, background clips and
 * never-heard clips live twelve hours of the day later. Reports per trial and as means: live
 * recall, live precision, the share of never-heard and of background clips called a target, and
 * the model's own test figures from the API. Exit codes: 0 every trial completed, 1 bad input or an
 * unexpected fault, 2 a usage error (picocli), 3 a trial failed, 4 the hub did not start.
 */
@Command(
        name = "owner-trial",
        mixinStandardHelpOptions = true,
        description = "Owner-level benchmark of the first model built with the models page's defaults.")
public final class OwnerTrialBench implements Callable<Integer> {

    @Option(
            names = "--hub-jar",
            required = true,
            description = "the packaged hub: hub-server/target/quarkus-app/quarkus-run.jar")
    Path hubJar;

    @Option(
            names = "--data",
            required = true,
            description = "clip folder with meta.csv and audio/*.wav (e.g. esc10-fold4)")
    Path data;

    @Option(names = "--trials", defaultValue = "5")
    int trials;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "trial i uses a random generator seeded from seed and i")
    long seed;

    @Option(names = "--port", defaultValue = "9203", description = "the hub's HTTP port")
    int port;

    @Option(
            names = "--management-port",
            defaultValue = "-1",
            description = "the hub's management port (metrics, health); -1: port + 1")
    int managementPort;

    @Option(
            names = "--database",
            defaultValue = "buddybork_bench_owner",
            description = "dropped and recreated per trial")
    String database;

    @Option(names = "--targets", defaultValue = "3", description = "target classes per trial (labelled)")
    int targets;

    @Option(names = "--background-classes", defaultValue = "3", description = "classes heard but never labelled")
    int backgroundClasses;

    @Option(
            names = "--history-clips",
            defaultValue = "4..5",
            description = "history clips per target or background class, min..max")
    String historyClips;

    @Option(
            names = "--label-free-day",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "put a third of the history background clips on a day without labels (default); "
                    + "--no-label-free-day puts them all on the labelled days")
    boolean labelFreeDay;

    @Option(
            names = "--live-after-hours",
            defaultValue = "12",
            description = "hours of the day between the history's time and the live time (0: the same time of day)")
    double liveAfterHours;

    @Option(names = "--gap-slots", defaultValue = "1", description = "empty 3 s slots (nothing uploaded) between clips")
    int gapSlots;

    @Option(
            names = "--gate",
            defaultValue = "328",
            description = "the edge's silence gate: segments with max |sample| under it are not sent (328 = -40 dBFS)")
    int gate;

    @Option(
            names = "--model-option",
            paramLabel = "NAME=VALUE",
            description = "a model option changed on the models page (repeatable; e.g. spreadKeep=1 or folds=SESSION);"
                    + " default: none, the page's defaults")
    Map<String, String> modelOptions = new java.util.LinkedHashMap<>();

    @Option(names = "--hub-java-options", split = " ", defaultValue = "-Xmx1g")
    List<String> hubJavaOptions;

    @Option(names = "--start-timeout", defaultValue = "PT3M", description = "ISO-8601 duration")
    Duration startTimeout;

    @Option(names = "--train-timeout", defaultValue = "PT30M", description = "ISO-8601 duration")
    Duration trainTimeout;

    @Option(names = "--detect-timeout", defaultValue = "PT10M", description = "ISO-8601 duration")
    Duration detectTimeout;

    @Option(names = "--markdown", description = "also write the final Markdown table to this file")
    Path markdown;

    @Option(names = "--keep", description = "keep each trial's database, data directory and hub log")
    boolean keep;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OwnerTrialBench()).execute(args));
    }

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        LoadSampler load = new LoadSampler();
        List<Result> results = new ArrayList<>();
        try {
            if (!Files.isRegularFile(hubJar)) {
                throw new IllegalArgumentException(
                        "no hub jar at " + hubJar + " (build it: ./mvnw -B -pl hub-server -am package -DskipTests)");
            }
            int[] history = range(historyClips);
            Map<String, List<Clip>> clips = Clips.load(data, gate);
            out.printf(
                    "data %s: %d classes, %d clips, %d segments on the 3 s grid of which %d under the gate (not sent)%n",
                    data,
                    clips.size(),
                    clips.values().stream().mapToInt(List::size).sum(),
                    clips.values().stream()
                            .flatMap(List::stream)
                            .mapToInt(Clip::slots)
                            .sum(),
                    clips.values().stream()
                            .flatMap(List::stream)
                            .mapToInt(c -> c.slots() - c.sentSegments())
                            .sum());
            out.printf(
                    "hub %s, trials %d, seed %d, live %s h of the day after the history, %s, load at start %s%n",
                    hubJar,
                    trials,
                    seed,
                    liveAfterHours,
                    labelFreeDay ? "with a label-free background day" : "no label-free day",
                    LoadSampler.now());
            String password =
                    Objects.requireNonNullElse(System.getenv("BUDDYBORK_ADMIN_PASSWORD"), "bench-" + UUID.randomUUID());
            TrialPlan.Shape shape = new TrialPlan.Shape(
                    targets,
                    backgroundClasses,
                    history[0],
                    history[1],
                    gapSlots,
                    labelFreeDay,
                    60_000,
                    Math.round(liveAfterHours * 3_600_000L));
            for (int i = 0; i < trials; i++) {
                TrialPlan plan = TrialPlan.make(i, seed, clips, shape, System.currentTimeMillis());
                out.printf(
                        "%ntrial %d: targets %s, background %s, never heard %s%n",
                        i, plan.targets(), plan.background(), plan.neverHeard());
                out.printf(
                        "  live %s .. %s UTC: %d clips (%s)%n",
                        Instant.ofEpochMilli(plan.liveStartMs()),
                        Instant.ofEpochMilli(plan.liveEndMs()).toString().substring(11),
                        plan.live().size(),
                        countRoles(plan.live()));
                try (Hub hub = Hub.start(
                        hubJar,
                        hubJavaOptions,
                        port,
                        managementPort < 0 ? port + 1 : managementPort,
                        database,
                        password,
                        keep,
                        startTimeout)) {
                    Result r;
                    try {
                        r = new TrialRun(hub, plan, out, trainTimeout, detectTimeout, options()).run();
                    } catch (Exception e) {
                        throw new TrialFailure(
                                "trial " + i + " failed: " + e.getMessage() + " (the hub's log is kept: " + hub.log()
                                        + ")",
                                e);
                    }
                    results.add(r);
                    printTrial(r);
                    if (keep) {
                        out.printf("  kept: data %s, log %s, database %s%n", hub.dataDir(), hub.log(), database);
                    } else {
                        hub.deleteLog();
                    }
                } catch (Hub.StartFailure | TrialFailure e) {
                    throw e;
                } catch (Exception e) {
                    throw new TrialFailure("trial " + i + " failed: " + e.getMessage(), e);
                }
            }
            String table = table(results, load, (System.nanoTime() - t0) / 1e9);
            out.println();
            out.println(table);
            if (markdown != null) {
                Files.writeString(markdown, table);
            }
            return 0;
        } catch (Hub.StartFailure e) {
            System.err.println("owner-trial: the hub failed to start: " + e.getMessage());
            return 4;
        } catch (TrialFailure e) {
            System.err.println("owner-trial: " + e.getMessage());
            if (!(e.getCause() instanceof IllegalStateException) && !(e.getCause() instanceof Hub.ApiFailure)) {
                e.getCause().printStackTrace();
            }
            if (!results.isEmpty()) {
                System.err.println("completed trials before the failure:");
                System.err.println(table(results, load, (System.nanoTime() - t0) / 1e9));
            }
            return 3;
        } catch (IllegalArgumentException e) {
            System.err.println("owner-trial: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("owner-trial: " + e);
            e.printStackTrace();
            return 1;
        } finally {
            load.close();
        }
    }

    private static final class TrialFailure extends Exception {
        TrialFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void printTrial(Result r) {
        out.printf(
                "  live: %d segments scored, %d with a tag; thresholds %s; detections complete %.1f s after the last upload%n",
                r.liveSegments(), r.liveSegmentsWithTag(), r.thresholds(), r.detectSeconds());
        Map<String, List<ClipCalls>> byClass = new TreeMap<>();
        for (ClipCalls c : r.calls()) {
            byClass.computeIfAbsent(c.placed().clip().category(), k -> new ArrayList<>())
                    .add(c);
        }
        out.printf(
                "  %-15s %-11s %5s %10s %12s %12s%n",
                "class", "role", "clips", "called own", "called other", "closest own");
        for (Map.Entry<String, List<ClipCalls>> e : byClass.entrySet()) {
            String cls = e.getKey();
            List<ClipCalls> l = e.getValue();
            long own = l.stream().filter(c -> c.called().contains(cls)).count();
            long other = l.stream()
                    .filter(c -> c.called().stream().anyMatch(t -> !t.equals(cls)))
                    .count();
            long closest = l.stream().filter(c -> c.closest().contains(cls)).count();
            Role role = l.get(0).placed().role();
            out.printf(
                    "  %-15s %-11s %5d %10s %12d %12s%n",
                    cls,
                    role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    l.size(),
                    role == Role.TARGET ? Long.toString(own) : "",
                    other,
                    role == Role.TARGET ? Long.toString(closest) : "");
        }
        out.printf(
                "  trial %d: live recall %s, live precision %s (%d calls), never-heard called a target %s, background"
                        + " called a target %s; test open-set F1 %s, test recall %s, test precision %s; %.0f s (training %.0f s)%n",
                r.plan().index(),
                TrialRun.fmt(r.recall()),
                TrialRun.fmt(r.precision()),
                r.callCount(),
                TrialRun.fmt(r.calledAny(Role.NEVER_HEARD)),
                TrialRun.fmt(r.calledAny(Role.BACKGROUND)),
                TrialRun.fmt(r.test().openSetMacroF1()),
                TrialRun.fmt(r.test().meanRecall()),
                TrialRun.fmt(r.test().meanPrecision()),
                r.totalSeconds(),
                r.trainSeconds());
    }

    private String table(List<Result> results, LoadSampler load, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append(
                "| trial | targets | live recall | live precision | never-heard called a target | background called a target"
                        + " | closest tag right (targets) | test open-set F1 | test recall | test precision | test AUROC | trial s |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            b.append(String.format(
                    "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f |%n",
                    r.plan().index(),
                    String.join(", ", r.plan().targets()),
                    TrialRun.fmt(r.recall()),
                    TrialRun.fmt(r.precision()),
                    TrialRun.fmt(r.calledAny(Role.NEVER_HEARD)),
                    TrialRun.fmt(r.calledAny(Role.BACKGROUND)),
                    TrialRun.fmt(r.closestRight()),
                    TrialRun.fmt(r.test().openSetMacroF1()),
                    TrialRun.fmt(r.test().meanRecall()),
                    TrialRun.fmt(r.test().meanPrecision()),
                    TrialRun.fmt(r.test().auroc()),
                    r.totalSeconds()));
        }
        if (!results.isEmpty()) {
            b.append(String.format(
                    "| **mean** | | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f |%n",
                    mean(results, Result::recall),
                    meanNullable(results, r -> r.precision()),
                    mean(results, r -> r.calledAny(Role.NEVER_HEARD)),
                    mean(results, r -> r.calledAny(Role.BACKGROUND)),
                    mean(results, Result::closestRight),
                    meanNullable(results, r -> r.test().openSetMacroF1()),
                    meanNullable(results, r -> r.test().meanRecall()),
                    meanNullable(results, r -> r.test().meanPrecision()),
                    meanNullable(results, r -> r.test().auroc()),
                    results.stream().mapToDouble(Result::totalSeconds).average().orElse(0)));
        }
        b.append(String.format(
                "%n%d trial(s), seed %d, live %s h of the day after the history, %s, %.0f s in all;"
                        + " load average (1 min) while running: %s; hub %s%n",
                results.size(),
                seed,
                liveAfterHours,
                labelFreeDay ? "with a label-free background day" : "no label-free day",
                seconds,
                load.summary(),
                hubJar));
        if (!results.isEmpty()) {
            Result r = results.get(0);
            b.append(String.format(
                    "pipeline (%s): %s; page presets of trial 0: %s%n",
                    modelOptions.isEmpty() ? "defaults" : "options changed on the page: " + modelOptions,
                    r.pipeline(),
                    r.split().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue().use()
                                    + (e.getValue().bg() ? "+background" : ""))
                            .collect(Collectors.joining(", "))));
        }
        return b.toString();
    }

    private static String mean(List<Result> results, ToDoubleFunction<Result> f) {
        double[] v =
                results.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).toArray();
        return v.length == 0
                ? "—"
                : String.format("%.2f", java.util.Arrays.stream(v).average().orElseThrow());
    }

    private static String meanNullable(List<Result> results, java.util.function.Function<Result, Double> f) {
        List<Double> v = results.stream().map(f).filter(Objects::nonNull).toList();
        if (v.isEmpty()) {
            return "—";
        }
        String m = String.format(
                "%.2f", v.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        return v.size() == results.size() ? m : m + " (of " + v.size() + ")";
    }

    private static String countRoles(List<Placed> placed) {
        Map<Role, Long> n = new TreeMap<>();
        placed.forEach(p -> n.merge(p.role(), 1L, Long::sum));
        return n.entrySet().stream()
                .map(e -> e.getValue() + " "
                        + e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }

    private static int[] range(String text) {
        String[] p = text.split("\\.\\.");
        int min = Integer.parseInt(p[0].trim());
        int max = p.length > 1 ? Integer.parseInt(p[1].trim()) : min;
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("--history-clips must be min..max with 1 <= min <= max: " + text);
        }
        return new int[] {min, max};
    }

    /** Samples the 1-minute load average every 15 s while the benchmark runs. */
    private static final class LoadSampler implements AutoCloseable {
        private final ConcurrentLinkedQueue<Double> samples = new ConcurrentLinkedQueue<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-sampler");
            t.setDaemon(true);
            return t;
        });

        LoadSampler() {
            timer.scheduleAtFixedRate(
                    () -> {
                        try {
                            samples.add(Double.parseDouble(now().split(" ")[0]));
                        } catch (RuntimeException e) {
                            // no /proc/loadavg
                        }
                    },
                    0,
                    15,
                    TimeUnit.SECONDS);
        }

        static String now() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (IOException e) {
                return "?";
            }
        }

        String summary() {
            double[] v = samples.stream().mapToDouble(Double::doubleValue).toArray();
            if (v.length == 0) {
                return "?";
            }
            return String.format(
                    "min %.2f, mean %.2f, max %.2f (%d samples)",
                    java.util.Arrays.stream(v).min().orElseThrow(),
                    java.util.Arrays.stream(v).average().orElseThrow(),
                    java.util.Arrays.stream(v).max().orElseThrow(),
                    v.length);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** The changed model options, numbers as numbers (as the page sends them). */
    private Map<String, Object> options() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        modelOptions.forEach((k, v) -> {
            Object value = v;
            try {
                value = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                // a choice such as SESSION stays text
            }
            out.put(k, value);
        });
        return out;
    }
}
