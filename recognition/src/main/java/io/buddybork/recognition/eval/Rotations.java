package io.buddybork.recognition.eval;

import io.buddybork.recognition.augment.MixAugmenter;
import io.buddybork.recognition.cache.FeatureCache;
import io.buddybork.recognition.eval.ClipFeaturizer.ClipVectors;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The rotation protocol for choosing defaults honestly: from one labelled folder, draw many seeded
 * open-set splits (which classes are known, background or unknown; a new user's handful of
 * examples per known tag), evaluate each configuration on every split, and report the mean and
 * standard deviation of each metric. Every clip is featurised once. Stateless; deterministic for a
 * plan and seed.
 */
public final class Rotations {

    private Rotations() {}

    /** Which of the owner's answers to detections a simulated feedback loop trains on. */
    public enum Feedback {
        /** No feedback loop: every test clip is evaluated. */
        NONE,
        /** Confirmed detections become training examples of their tag. */
        CONFIRMED,
        /** Rejected detections become background. */
        REJECTED,
        /** Both. */
        BOTH;

        boolean keeps(boolean rejected) {
            return this == BOTH || (rejected ? this == REJECTED : this == CONFIRMED);
        }
    }

    /**
     * One labelled clip.
     *
     * @param path audio file
     * @param label its class
     * @param group source recording: clips of one group never straddle train and test
     */
    public record Clip(Path path, String label, String group) {}

    /**
     * How splits are drawn.
     *
     * @param rotations number of splits
     * @param known classes that become known tags
     * @param background classes used as unannotated background (threshold calibration)
     * @param unknown classes only in the test set (never seen)
     * @param minPerTag fewest training clips per known tag
     * @param maxPerTag most training clips per known tag
     * @param seed seed of the first split; split {@code r} uses {@code seed + r}
     */
    public record Plan(int rotations, int known, int background, int unknown, int minPerTag, int maxPerTag, long seed) {
        public Plan {
            if (rotations < 1 || known < 1 || background < 0 || unknown < 1 || minPerTag < 1 || maxPerTag < minPerTag) {
                throw new IllegalArgumentException("need rotations >= 1, known >= 1, background >= 0, unknown >= 1 and"
                        + " 1 <= minPerTag <= maxPerTag");
            }
        }
    }

    /**
     * The metrics of every split for one configuration.
     *
     * @param name configuration label
     * @param config the configuration
     * @param accuracy closed-set accuracy per split
     * @param auroc known-vs-unknown AUROC per split
     * @param macroF1 open-set macro-F1 per split
     * @param knownPrecision per split, among test clips called a known tag, the share called their own
     *     tag (NaN when nothing was called)
     * @param knownRecall per split, test clips of known tags called their own tag
     * @param unknownCalled per split, test clips of unknown classes called any known tag
     */
    public record Outcome(
            String name,
            ModelConfig config,
            double[] accuracy,
            double[] auroc,
            double[] macroF1,
            double[] knownPrecision,
            double[] knownRecall,
            double[] unknownCalled) {

        /** Mean of finite values. */
        public static double mean(double[] v) {
            return java.util.Arrays.stream(v).filter(Double::isFinite).average().orElse(Double.NaN);
        }

        /** Sample standard deviation of finite values. */
        public static double std(double[] v) {
            double[] f = java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
            if (f.length < 2) {
                return 0;
            }
            double m = mean(f);
            double sq = 0;
            for (double x : f) {
                sq += (x - m) * (x - m);
            }
            return Math.sqrt(sq / (f.length - 1));
        }
    }

    /**
     * Reads a labelled folder: a {@code meta.csv} (columns {@code filename} or {@code path},
     * {@code category} or {@code label}, optional {@code src_file} or {@code group}; files under
     * {@code audio/} or the folder itself), or else one sub-folder of WAV files per class.
     *
     * @throws ManifestException when the folder has neither, or a listed file is missing
     */
    public static List<Clip> readFolder(Path folder) throws ManifestException {
        Path meta = folder.resolve("meta.csv");
        List<Clip> clips = new ArrayList<>();
        if (Files.isRegularFile(meta)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(meta, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ManifestException("cannot read " + meta + ": " + e.getMessage(), e);
            }
            if (lines.isEmpty()) {
                throw new ManifestException(meta + ": empty (expected a header filename,category[,src_file])");
            }
            String[] header = lines.get(0).replace("\uFEFF", "").split(",");
            int file = -1;
            int label = -1;
            int group = -1;
            for (int i = 0; i < header.length; i++) {
                switch (header[i].trim().toLowerCase(Locale.ROOT)) {
                    case "filename", "path" -> file = i;
                    case "category", "label" -> label = i;
                    case "src_file", "group" -> group = i;
                    default -> {}
                }
            }
            if (file < 0 || label < 0) {
                throw new ManifestException(meta + " row 1 (header): needs columns filename (or path) and category"
                        + " (or label); found " + lines.get(0));
            }
            for (int n = 1; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) {
                    continue;
                }
                String[] f = lines.get(n).split(",");
                if (f.length <= Math.max(file, Math.max(label, group))) {
                    throw new ManifestException(
                            meta + " row " + (n + 1) + ": too few fields in '" + lines.get(n) + "'");
                }
                Path p = folder.resolve("audio").resolve(f[file].trim());
                if (!Files.isRegularFile(p)) {
                    p = folder.resolve(f[file].trim());
                }
                if (!Files.isRegularFile(p)) {
                    throw new ManifestException(meta + " row " + (n + 1) + ": audio file not found: " + p);
                }
                String g = group >= 0 ? f[group].trim() : p.getFileName().toString();
                clips.add(new Clip(p, f[label].trim(), f[label].trim() + "/" + g));
            }
        } else {
            try (Stream<Path> dirs = Files.list(folder)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    try (Stream<Path> wavs = Files.list(dir)) {
                        for (Path w : wavs.filter(x ->
                                        x.toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                                .sorted()
                                .toList()) {
                            String label = dir.getFileName().toString();
                            clips.add(new Clip(w, label, label + "/" + w.getFileName()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new ManifestException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        if (clips.isEmpty()) {
            throw new ManifestException(folder + ": no meta.csv and no class sub-folders with WAV files");
        }
        return clips;
    }

    /**
     * Split {@code r} of a plan as a manifest: the known classes' clips split by group into
     * {@code minPerTag..maxPerTag} training clips and test clips, background classes' clips as
     * {@code background} training rows, unknown classes' clips as test rows.
     */
    public static Manifest split(List<Clip> clips, Plan plan, int r) throws ManifestException {
        Map<String, List<Clip>> byClass = new TreeMap<>();
        for (Clip c : clips) {
            byClass.computeIfAbsent(c.label(), k -> new ArrayList<>()).add(c);
        }
        int needed = plan.known() + plan.background() + plan.unknown();
        if (byClass.size() < needed) {
            throw new ManifestException("the folder has " + byClass.size() + " classes; the plan needs " + needed
                    + " (known + background + unknown)");
        }
        Random random = new Random(plan.seed() + r);
        List<String> classes = new ArrayList<>(byClass.keySet());
        Collections.shuffle(classes, random);
        List<Manifest.Row> rows = new ArrayList<>();
        int line = 2;
        for (int i = 0; i < plan.known(); i++) {
            String cls = classes.get(i);
            Map<String, List<Clip>> groups = new LinkedHashMap<>();
            for (Clip c : byClass.get(cls)) {
                groups.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c);
            }
            List<List<Clip>> order = new ArrayList<>(groups.values());
            Collections.shuffle(order, random);
            int want = plan.minPerTag() + random.nextInt(plan.maxPerTag() - plan.minPerTag() + 1);
            int taken = 0;
            for (List<Clip> g : order) {
                // A group goes to training while the tag has fewer clips than wanted, and as long as
                // at least one group is left for testing.
                boolean train = taken < want
                        && (taken + g.size() <= plan.maxPerTag() || taken == 0)
                        && order.indexOf(g) < order.size() - 1;
                for (Clip c : g) {
                    rows.add(new Manifest.Row(
                            line++,
                            c.path(),
                            cls,
                            train ? Manifest.Split.TRAIN : Manifest.Split.TEST,
                            null,
                            c.group()));
                }
                taken += train ? g.size() : 0;
            }
        }
        for (int i = plan.known(); i < plan.known() + plan.background(); i++) {
            for (Clip c : byClass.get(classes.get(i))) {
                rows.add(
                        new Manifest.Row(line++, c.path(), Manifest.BACKGROUND, Manifest.Split.TRAIN, null, c.group()));
            }
        }
        for (int i = plan.known() + plan.background(); i < needed; i++) {
            for (Clip c : byClass.get(classes.get(i))) {
                rows.add(new Manifest.Row(line++, c.path(), classes.get(i), Manifest.Split.TEST, null));
            }
        }
        return new Manifest(Path.of("rotation-" + r + ".csv"), rows);
    }

    /**
     * Evaluates every configuration on every split. All configurations must window clips alike
     * (features are computed once for all of them).
     *
     * @param progress receives the number of clips featurised, then of evaluations done
     */
    public static List<Outcome> run(
            List<Clip> clips,
            Plan plan,
            Map<String, ModelConfig> configs,
            FeatureExtractor extractor,
            FeatureCache cache,
            int threads,
            ZoneId zone,
            IntConsumer progress)
            throws ManifestException {
        return run(clips, plan, configs, extractor, cache, threads, zone, Feedback.NONE, progress);
    }

    /**
     * Evaluates every configuration on every split; with {@code feedback} other than NONE, simulates
     * the hub's feedback loop instead: each split's test clips are divided by group (per class, seeded) into a
     * stream and a held-out half; the model trained on the split scores the stream, its correct
     * detections become training examples of their tag (the owner confirmed them) and its wrong
     * detections become background (the owner rejected them); the model retrained with them and the
     * original model are both evaluated on the held-out half (outcomes {@code NAME (held-out half)}
     * and {@code NAME + feedback (KIND)}).
     */
    public static List<Outcome> run(
            List<Clip> clips,
            Plan plan,
            Map<String, ModelConfig> configs,
            FeatureExtractor extractor,
            FeatureCache cache,
            int threads,
            ZoneId zone,
            Feedback feedbackKind,
            IntConsumer progress)
            throws ManifestException {
        boolean feedback = feedbackKind != Feedback.NONE;
        String withFeedback = " + feedback (" + feedbackKind.name().toLowerCase(Locale.ROOT) + ")";
        ModelConfig first = configs.values().iterator().next();
        for (ModelConfig c : configs.values()) {
            if (c.windowSeconds() != first.windowSeconds() || c.hopSeconds() != first.hopSeconds()) {
                throw new IllegalArgumentException(
                        "all configurations of one rotation run must use the same" + " --window and --hop");
            }
        }
        List<Manifest.Row> all = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            Clip c = clips.get(i);
            all.add(new Manifest.Row(i + 2, c.path(), c.label(), Manifest.Split.TRAIN, null));
        }
        ClipFeaturizer f = new ClipFeaturizer(extractor, cache, first.windowSeconds(), first.hopSeconds(), threads);
        Map<Path, List<float[]>> vectors = new HashMap<>();
        Map<Path, Double> seconds = new HashMap<>();
        Map<Path, String> groups = new HashMap<>();
        for (Clip c : clips) {
            groups.put(c.path(), c.group());
        }
        for (ClipVectors v : f.featurize(all, progress)) {
            vectors.put(v.row().path(), v.windows());
            seconds.put(v.row().path(), v.seconds());
        }
        FeatureConfig fc = extractor.config();
        MixAugmenter augmenter = new MixAugmenter(extractor, cache, threads);
        Map<String, double[][]> metrics = new LinkedHashMap<>();
        for (String name : configs.keySet()) {
            metrics.put(feedback ? name + HELD_OUT : name, new double[METRICS][plan.rotations()]);
            if (feedback) {
                metrics.put(name + withFeedback, new double[METRICS][plan.rotations()]);
            }
        }
        int done = 0;
        for (int r = 0; r < plan.rotations(); r++) {
            Manifest m = split(clips, plan, r);
            List<ClipVectors> train = new ArrayList<>();
            List<ClipVectors> test = new ArrayList<>();
            for (Manifest.Row row : m.rows()) {
                ClipVectors v = new ClipVectors(row, vectors.get(row.path()), seconds.get(row.path()));
                (row.split() == Manifest.Split.TRAIN ? train : test).add(v);
            }
            List<ClipVectors> stream = List.of();
            if (feedback) {
                List<List<ClipVectors>> halves = halves(test, groups, new Random(plan.seed() + r + FEEDBACK_SEED));
                stream = halves.get(0);
                test = halves.get(1);
            }
            Evaluation.Prepared prepared =
                    new Evaluation.Prepared(m, train, test, 0, first.windowSeconds(), first.hopSeconds());
            for (Map.Entry<String, ModelConfig> e : configs.entrySet()) {
                Evaluation.Result result = Evaluation.run(prepared, fc, e.getValue(), plan.seed() + r, zone, augmenter);
                record(metrics.get(feedback ? e.getKey() + HELD_OUT : e.getKey()), r, result.metrics());
                if (feedback) {
                    List<ClipVectors> extended = new ArrayList<>(train);
                    extended.addAll(feedback(result.model(), stream, feedbackKind));
                    Evaluation.Prepared again =
                            new Evaluation.Prepared(m, extended, test, 0, first.windowSeconds(), first.hopSeconds());
                    record(
                            metrics.get(e.getKey() + withFeedback),
                            r,
                            Evaluation.run(again, fc, e.getValue(), plan.seed() + r, zone, augmenter)
                                    .metrics());
                }
                progress.accept(clips.size() + ++done);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, ModelConfig> e : configs.entrySet()) {
            for (String name :
                    feedback ? List.of(e.getKey() + HELD_OUT, e.getKey() + withFeedback) : List.of(e.getKey())) {
                double[][] v = metrics.get(name);
                outcomes.add(new Outcome(name, e.getValue(), v[0], v[1], v[2], v[3], v[4], v[5]));
            }
        }
        return outcomes;
    }

    private static final String HELD_OUT = " (held-out half)";
    private static final long FEEDBACK_SEED = 0x5EED_F00DL;

    private static final int METRICS = 6;

    private static void record(double[][] out, int r, OpenSetMetrics om) {
        out[0][r] = om.closedSetAccuracy();
        out[1][r] = om.auroc();
        out[2][r] = om.openSetMacroF1();
        int[][] c = om.confusion();
        int k = om.tags().size();
        int right = 0;
        int called = 0;
        int knownClips = 0;
        int unknownClips = 0;
        int unknownCalled = 0;
        for (int t = 0; t <= k; t++) {
            for (int p = 0; p <= k; p++) {
                if (t < k) {
                    knownClips += c[t][p];
                } else {
                    unknownClips += c[t][p];
                }
                if (p < k) {
                    called += c[t][p];
                    right += t == p ? c[t][p] : 0;
                    unknownCalled += t == k ? c[t][p] : 0;
                }
            }
        }
        out[3][r] = called == 0 ? Double.NaN : (double) right / called;
        out[4][r] = knownClips == 0 ? Double.NaN : (double) right / knownClips;
        out[5][r] = unknownClips == 0 ? Double.NaN : (double) unknownCalled / unknownClips;
    }

    /**
     * Test clips divided by group into a stream and a held-out half, per class: of each class's
     * groups in seeded order, the first half (rounded down) streams, the rest is held out.
     */
    static List<List<ClipVectors>> halves(List<ClipVectors> test, Map<Path, String> groupOf, Random random) {
        Map<String, Map<String, List<ClipVectors>>> byClass = new TreeMap<>();
        for (ClipVectors v : test) {
            byClass.computeIfAbsent(v.row().label(), k -> new TreeMap<>())
                    .computeIfAbsent(groupOf.get(v.row().path()), k -> new ArrayList<>())
                    .add(v);
        }
        List<ClipVectors> stream = new ArrayList<>();
        List<ClipVectors> held = new ArrayList<>();
        for (Map<String, List<ClipVectors>> groups : byClass.values()) {
            List<List<ClipVectors>> order = new ArrayList<>(groups.values());
            Collections.shuffle(order, random);
            for (int i = 0; i < order.size(); i++) {
                (i < order.size() / 2 ? stream : held).addAll(order.get(i));
            }
        }
        return List.of(stream, held);
    }

    /**
     * The owner's feedback on a stream of clips: each clip the model detects as a tag comes back as
     * a training clip of that tag when it is one (confirmed) and as background when it is not
     * (rejected), as far as {@code kind} keeps them; clips it does not detect give no feedback.
     */
    static List<ClipVectors> feedback(OpenSetModel model, List<ClipVectors> stream, Feedback kind) {
        List<ClipVectors> out = new ArrayList<>();
        for (ClipVectors c : stream) {
            Prediction p = model.predictWindows(c.windows(), c.row().time());
            if (p.tag().isEmpty()) {
                continue;
            }
            String label = p.tag().get().equals(c.row().label()) ? c.row().label() : Manifest.BACKGROUND;
            if (!kind.keeps(label.equals(Manifest.BACKGROUND))) {
                continue;
            }
            Manifest.Row row = new Manifest.Row(
                    c.row().line(),
                    c.row().path(),
                    label,
                    Manifest.Split.TRAIN,
                    c.row().time(),
                    c.row().session());
            out.add(new ClipVectors(row, c.windows(), c.seconds()));
        }
        return out;
    }

    /** The Markdown table of outcomes: mean +- std of each metric. */
    public static String table(Plan plan, List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%d rotations (seed %d): %d known tags with %d-%d training clips,"
                        + " %d background classes, %d unknown classes%n%n",
                plan.rotations(),
                plan.seed(),
                plan.known(),
                plan.minPerTag(),
                plan.maxPerTag(),
                plan.background(),
                plan.unknown()));
        b.append("| configuration | closed-set accuracy | AUROC known vs unknown | open-set macro-F1"
                + " | known precision | known recall | unknown called a tag |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %.3f +- %.3f | %.3f +- %.3f | %.3f +- %.3f | %.3f | %.3f | %.3f |%n",
                    o.name(),
                    Outcome.mean(o.accuracy()),
                    Outcome.std(o.accuracy()),
                    Outcome.mean(o.auroc()),
                    Outcome.std(o.auroc()),
                    Outcome.mean(o.macroF1()),
                    Outcome.std(o.macroF1()),
                    Outcome.mean(o.knownPrecision()),
                    Outcome.mean(o.knownRecall()),
                    Outcome.mean(o.unknownCalled())));
        }
        return b.toString();
    }
}
