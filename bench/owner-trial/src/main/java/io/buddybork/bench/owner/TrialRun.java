package io.buddybork.bench.owner;

import com.fasterxml.jackson.databind.JsonNode;
import io.buddybork.bench.owner.Clips.Segment;
import io.buddybork.bench.owner.TrialPlan.Placed;
import io.buddybork.bench.owner.TrialPlan.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plays one {@link TrialPlan} against a fresh hub through its HTTP API only, as an owner would:
 * register a device, upload the history, create the target tags and annotate their clips, train
 * with the models page's presets and defaults, follow the job, activate the model, upload the live
 * clips and wait until every live segment has a detection; then scores the live calls per clip.
 */
final class TrialRun {

    private final Hub hub;
    private final TrialPlan plan;
    private final PrintStream out;
    private final Duration trainTimeout;
    private final Duration detectTimeout;
    private final Map<String, Object> options;

    TrialRun(Hub hub, TrialPlan plan, PrintStream out, Duration trainTimeout, Duration detectTimeout) {
        this(hub, plan, out, trainTimeout, detectTimeout, Map.of());
    }

    /** {@code options}: model options the owner changed on the page (empty: the defaults, as the page sends). */
    TrialRun(
            Hub hub,
            TrialPlan plan,
            PrintStream out,
            Duration trainTimeout,
            Duration detectTimeout,
            Map<String, Object> options) {
        this.options = Map.copyOf(options);
        this.hub = hub;
        this.plan = plan;
        this.out = out;
        this.trainTimeout = trainTimeout;
        this.detectTimeout = detectTimeout;
    }

    /** What the model said about one live clip. */
    record ClipCalls(Placed placed, Set<String> called, Set<String> closest, int segments) {}

    /** The model's own figures on its test days, as the API reports them (null: not reported). */
    record TestFigures(
            boolean tested,
            Double openSetMacroF1,
            Double closedSetAccuracy,
            Double auroc,
            Double meanRecall,
            Double meanPrecision,
            Double falseAlarmsPerHour,
            int testExamples) {}

    /** Everything a trial measured. */
    record Result(
            TrialPlan plan,
            Map<String, PagePresets.Use> split,
            Map<String, Object> request,
            String pipeline,
            Map<String, Double> thresholds,
            TestFigures test,
            List<ClipCalls> calls,
            int liveSegments,
            int liveSegmentsWithTag,
            double uploadSeconds,
            double trainSeconds,
            double detectSeconds,
            double totalSeconds) {

        private List<ClipCalls> of(Role role) {
            return calls.stream().filter(c -> c.placed().role() == role).toList();
        }

        /** Live target clips called their own tag. */
        double recall() {
            List<ClipCalls> t = of(Role.TARGET);
            return share(
                    t.stream()
                            .filter(c -> c.called().contains(c.placed().clip().category()))
                            .count(),
                    t.size());
        }

        /** Among (clip, called target tag) pairs, the share where the clip was of that tag; null without calls. */
        Double precision() {
            long pairs = 0;
            long right = 0;
            for (ClipCalls c : calls) {
                for (String tag : c.called()) {
                    pairs++;
                    if (tag.equals(c.placed().clip().category())) {
                        right++;
                    }
                }
            }
            return pairs == 0 ? null : (double) right / pairs;
        }

        /** Live target clips whose segments' closest tag (threshold ignored) was their own. */
        double closestRight() {
            List<ClipCalls> t = of(Role.TARGET);
            return share(
                    t.stream()
                            .filter(c -> c.closest().contains(c.placed().clip().category()))
                            .count(),
                    t.size());
        }

        /** Live clips of {@code role} called any target tag. */
        double calledAny(Role role) {
            List<ClipCalls> t = of(role);
            return share(t.stream().filter(c -> !c.called().isEmpty()).count(), t.size());
        }

        int clips(Role role) {
            return of(role).size();
        }

        long callCount() {
            return calls.stream().mapToLong(c -> c.called().size()).sum();
        }

        private static double share(long n, int of) {
            return of == 0 ? Double.NaN : (double) n / of;
        }
    }

    Result run() throws Exception {
        long t0 = System.nanoTime();
        JsonNode device = hub.call("POST", "/api/v1/devices", Map.of("name", "living-room"), 201);
        long deviceId = device.path("id").asLong();
        String token = device.path("token").asText();

        // 1. history, as the device sends it: past segments in time order
        int sent = 0;
        for (Placed p : plan.history()) {
            sent += upload(token, p, null);
        }
        // 2. the owner creates a tag per target and labels the target clips of the history
        Map<String, Long> tagIds = new LinkedHashMap<>();
        for (String target : plan.targets()) {
            tagIds.put(
                    target,
                    hub.call("POST", "/api/v1/tags", Map.of("name", target), 201)
                            .path("id")
                            .asLong());
        }
        int labels = 0;
        for (Placed p : plan.history()) {
            if (p.labelled()) {
                hub.call(
                        "POST",
                        "/api/v1/annotations",
                        Map.of(
                                "deviceId", deviceId,
                                "startMs", p.startMs(),
                                "endMs", p.endMs(),
                                "tagId", tagIds.get(p.clip().category())),
                        201);
                labels++;
            }
        }
        double uploadSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(
                "  history: %d clips, %d segments sent, %d annotations on %s at %s UTC (%.1f s)%n",
                plan.history().size(),
                sent,
                labels,
                plan.historyDays(),
                Instant.ofEpochMilli(plan.history().get(0).startMs()).toString().substring(11, 16),
                uploadSeconds);

        // 3. the models page: presets, default tags and options, Train
        PagePresets.Request req = PagePresets.request(
                "first model (trial " + plan.index() + ")", hub.get("/api/v1/models/days"), hub.get("/api/v1/tags"));
        out.printf("  page presets: %s%n", describe(req.split()));
        if (req.problem() != null) {
            throw new IllegalStateException("the models page would refuse to train: " + req.problem());
        }
        if (!options.isEmpty()) {
            req.body().put("options", options);
            out.printf("  model options changed on the page: %s%n", options);
        }
        long tTrain = System.nanoTime();
        long jobId = hub.call("POST", "/api/v1/models", req.body(), 202)
                .path("jobId")
                .asLong();
        JsonNode job = followJob(jobId);
        double trainSeconds = (System.nanoTime() - tTrain) / 1e9;
        long modelId = job.path("modelId").asLong();
        JsonNode model = hub.get("/api/v1/models/" + modelId);
        TestFigures test = testFigures(model);
        String pipeline = model.path("training").path("pipeline").asText("?");
        out.printf(
                "  trained model %d in %.1f s: %s; test: open-set F1 %s, mean recall %s, mean precision %s%n",
                modelId,
                trainSeconds,
                pipeline,
                fmt(test.openSetMacroF1()),
                fmt(test.meanRecall()),
                fmt(test.meanPrecision()));

        // 4. activate, wait until the detector has loaded it (what the dashboard shows)
        hub.call("PUT", "/api/v1/models/active", Map.of("modelId", modelId), 200);
        Map<String, Double> thresholds = awaitReady(modelId);

        // 5. live: the device sends the held-out, background and never-heard clips
        Map<Long, Placed> byRaw = new HashMap<>();
        int liveSegments = 0;
        for (Placed p : plan.live()) {
            liveSegments += upload(token, p, byRaw);
        }
        long tDetect = System.nanoTime();
        List<JsonNode> detections = awaitDetections(modelId, byRaw.keySet());
        double detectSeconds = (System.nanoTime() - tDetect) / 1e9;

        Map<Placed, Set<String>> called = new IdentityHashMap<>();
        Map<Placed, Set<String>> closest = new IdentityHashMap<>();
        Map<Placed, Integer> segments = new IdentityHashMap<>();
        int withTag = 0;
        for (JsonNode d : detections) {
            Placed p = byRaw.get(d.path("rawId").asLong());
            if (p == null) {
                continue;
            }
            segments.merge(p, 1, Integer::sum);
            if (!d.path("tag").isNull() && !d.path("tag").isMissingNode()) {
                called.computeIfAbsent(p, k -> new TreeSet<>())
                        .add(d.path("tag").asText());
                withTag++;
            }
            if (d.hasNonNull("bestTag")) {
                closest.computeIfAbsent(p, k -> new TreeSet<>())
                        .add(d.path("bestTag").asText());
            }
        }
        List<ClipCalls> calls = new ArrayList<>();
        for (Placed p : plan.live()) {
            calls.add(new ClipCalls(
                    p,
                    called.getOrDefault(p, Set.of()),
                    closest.getOrDefault(p, Set.of()),
                    segments.getOrDefault(p, 0)));
        }
        double total = (System.nanoTime() - t0) / 1e9;
        return new Result(
                plan,
                req.split(),
                req.body(),
                pipeline,
                thresholds,
                test,
                calls,
                liveSegments,
                withTag,
                uploadSeconds,
                trainSeconds,
                detectSeconds,
                total);
    }

    /** Uploads a clip's sent segments; returns how many. */
    private int upload(String token, Placed p, Map<Long, Placed> byRaw) throws IOException, InterruptedException {
        int n = 0;
        for (Segment s : p.clip().segments()) {
            if (s.sent()) {
                long raw = hub.upload(token, p.startMs() + s.offsetMs(), s.wav());
                if (byRaw != null) {
                    byRaw.put(raw, p);
                }
                n++;
            }
        }
        return n;
    }

    /** Follows the job by long-poll, as the page does; returns its final state, which must be succeeded. */
    private JsonNode followJob(long jobId) throws Exception {
        long deadline = System.nanoTime() + trainTimeout.toNanos();
        long version = 0;
        String lastStage = "";
        while (true) {
            JsonNode job = hub.get("/api/v1/models/jobs/" + jobId + "?wait=20&version=" + version);
            version = job.path("version").asLong();
            String state = job.path("state").asText();
            String stage = job.path("stage").asText();
            if (!stage.equals(lastStage) && !stage.startsWith("featurising")) {
                out.printf("    job %d: %s, %s%n", jobId, state, stage);
            }
            lastStage = stage;
            if (!state.equals("queued") && !state.equals("running")) {
                if (!state.equals("succeeded")) {
                    throw new IllegalStateException("training job " + jobId + " ended " + state + ": " + job);
                }
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("training job " + jobId + " still " + state + " (" + stage + ") after "
                        + trainTimeout.toSeconds() + " s");
            }
            if (!hub.alive()) {
                throw new IllegalStateException("the hub died during training; its log: " + hub.log());
            }
        }
    }

    /** Waits until the detector reports the model ready; returns its thresholds by tag. */
    private Map<String, Double> awaitReady(long modelId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode status;
        do {
            status = hub.get("/api/v1/detections/status");
            if (status.path("state").asText().equals("ready")
                    && status.path("modelId").asLong() == modelId) {
                Map<String, Double> out = new LinkedHashMap<>();
                for (JsonNode t : status.path("tags")) {
                    out.put(t.path("name").asText(), t.path("threshold").asDouble());
                }
                return out;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException(
                "the detector did not report model " + modelId + " ready within 120 s: " + status);
    }

    /** Polls the detections of the live range until every live segment has one of the model. */
    private List<JsonNode> awaitDetections(long modelId, Set<Long> rawIds) throws Exception {
        long deadline = System.nanoTime() + detectTimeout.toNanos();
        String path = "/api/v1/detections?from=" + plan.liveStartMs() + "&to=" + plan.liveEndMs() + "&modelId="
                + modelId + "&limit=10000";
        while (true) {
            JsonNode page = hub.get(path);
            List<JsonNode> rows = new ArrayList<>();
            Set<Long> seen = new LinkedHashSet<>();
            for (JsonNode d : page) {
                rows.add(d);
                seen.add(d.path("rawId").asLong());
            }
            if (seen.containsAll(rawIds)) {
                return rows;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(seen.size() + " of " + rawIds.size()
                        + " live segments have a detection after " + detectTimeout.toSeconds() + " s; detector: "
                        + hub.get("/api/v1/detections/status"));
            }
            if (!hub.alive()) {
                throw new IllegalStateException("the hub died while detecting; its log: " + hub.log());
            }
            Thread.sleep(1000);
        }
    }

    private static TestFigures testFigures(JsonNode model) {
        JsonNode m = model.path("metrics");
        List<Double> recalls = new ArrayList<>();
        List<Double> precisions = new ArrayList<>();
        for (JsonNode t : model.path("tags")) {
            JsonNode v = m.path("per_tag").path(t.path("name").asText());
            if (v.path("recall").isNumber()) {
                recalls.add(v.path("recall").asDouble());
            }
            if (v.path("precision").isNumber()) {
                precisions.add(v.path("precision").asDouble());
            }
        }
        return new TestFigures(
                m.path("tested").asBoolean(false),
                num(m, "open_set_macro_f1"),
                num(m, "closed_set_accuracy"),
                num(m, "auroc"),
                recalls.isEmpty()
                        ? null
                        : recalls.stream()
                                .mapToDouble(Double::doubleValue)
                                .average()
                                .orElseThrow(),
                precisions.isEmpty()
                        ? null
                        : precisions.stream()
                                .mapToDouble(Double::doubleValue)
                                .average()
                                .orElseThrow(),
                num(m, "false_alarms_per_hour"),
                m.path("test_examples").asInt());
    }

    private static Double num(JsonNode m, String field) {
        return m.path(field).isNumber() ? m.path(field).asDouble() : null;
    }

    static String fmt(Double v) {
        return v == null || v.isNaN() ? "—" : String.format("%.2f", v);
    }

    private static String describe(Map<String, PagePresets.Use> split) {
        StringBuilder b = new StringBuilder();
        split.forEach((day, use) -> b.append(b.isEmpty() ? "" : ", ")
                .append(day)
                .append(' ')
                .append(use.use())
                .append(use.bg() ? "+background" : ""));
        return b.toString();
    }
}
