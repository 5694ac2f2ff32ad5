package io.buddybork.hub.model;

import io.buddybork.hub.feature.SegmentFeatures;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.time.HubZone;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import io.buddybork.recognition.eval.OpenSetMetrics;
import io.buddybork.recognition.eval.Wilson;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.model.ModelMetrics;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.PrCurve;
import io.buddybork.recognition.model.Prediction;
import io.buddybork.recognition.model.TagThreshold;
import io.buddybork.recognition.model.TrainingSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Turns a {@link TrainingPlan} into a trained and tested model: collects the audio (annotation
 * windows by {@link ExampleWindows}, stitched by {@link AudioStitcher}; background segments
 * sampled by {@link TrainingDataRepository#background}), featurises it through the shared feature cache on a
 * bounded pool of low-priority threads, fits the open-set model (which calibrates its thresholds on
 * out-of-fold training and background data), and measures it on the test days. Touches no
 * database transaction and writes no model file; {@link TrainingJobs} stores the result.
 * Thread-safe: each call works on its own data.
 */
@ApplicationScoped
public class ModelTrainer {
    private static final Logger LOG = Logger.getLogger(ModelTrainer.class);
    private static final int MAX_CURVE_POINTS = 200;
    private static final long UNSEEN_SHIFT_MS = 12 * 3_600_000L;
    /** Test clips under which precision and recall are flagged as resting on too little. */
    static final int MIN_TEST_EXAMPLES = 20;
    /** Minutes of test background under which false alarms per hour are flagged. */
    static final int MIN_BACKGROUND_MINUTES = 30;

    // Overall progress given to each stage: collecting, featurising, fitting, testing.
    private static final double COLLECTED = 0.05;
    private static final double FEATURISED = 0.80;
    private static final double FITTED = 0.95;

    private final TrainingDataRepository data;
    private final SegmentFeatures features;
    private final SegmentFiles files;
    private final ModelBuilderConfig config;
    private final HubZone zone;

    ModelTrainer(
            TrainingDataRepository data,
            SegmentFeatures features,
            SegmentFiles files,
            ModelBuilderConfig config,
            HubZone zone) {
        this.data = data;
        this.features = features;
        this.files = files;
        this.config = config;
        this.zone = zone;
    }

    /** What a training produced. */
    public record Outcome(
            OpenSetModel model, ModelMetrics metrics, TrainingReport training, Set<Long> trainingSegments) {}

    /** A training that cannot go on for a reason the user can fix (e.g. no audio for a tag). */
    public static final class TrainingRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TrainingRefused(String message) {
            super(message);
        }
    }

    /** One example: audio to featurise and its label (tag index, or -1 for background/unknown). */
    private record Example(
            int label,
            int group,
            long startMs,
            long durationMs,
            String cacheKey,
            String storedPath,
            List<AudioStitcher.Source> sources,
            boolean background) {}

    /** Trains and tests the plan's model, reporting progress to {@code control}. */
    public Outcome train(TrainingPlan plan, JobControl control) {
        long t0 = System.nanoTime();
        FeatureConfig featureConfig = FeatureConfig.defaults();
        long windowMs = SegmentFormat.SEGMENT_MILLIS;
        List<String> tagNames = plan.tagNames();
        Map<Long, Integer> tagIndex = new HashMap<>();
        for (int i = 0; i < plan.tags().size(); i++) {
            tagIndex.put(plan.tags().get(i).id(), i);
        }
        int cap = config.maxBackgroundSegments();

        control.progress("collecting audio", 0);
        AtomicInteger groups = new AtomicInteger();
        List<TrainingDataRepository.Annot> trainAnnots = data.annotations(plan.trainDays(), tagIndex.keySet());
        List<Example> train = new ArrayList<>(windows(trainAnnots, tagIndex, windowMs, groups, false));
        control.checkCancelled();
        TrainingDataRepository.Background trainBg = data.background(plan.trainBackgroundDays(), cap);
        Set<Long> backgroundIds = new java.util.HashSet<>();
        for (AudioStitcher.Source s : trainBg.segments()) {
            train.add(segmentExample(s, groups.getAndIncrement()));
            backgroundIds.add(s.rawId());
        }
        // Live detections the owner rejected ("none of the tags") on the training microphones are
        // negatives too, whatever their day: in the rotations this feedback raised AUROC by about
        // 0.06 (docs/recognition.md). The test side stays unseen.
        List<LocalDate> testSide = new ArrayList<>(plan.testDays());
        testSide.addAll(plan.testBackgroundDays());
        int rejectedUsed = 0;
        Set<LocalDate> trainSide = new java.util.TreeSet<>(plan.trainDays());
        trainSide.addAll(plan.trainBackgroundDays());
        for (AudioStitcher.Source s : data.rejected(trainSide, testSide, cap)) {
            if (backgroundIds.add(s.rawId())) {
                train.add(segmentExample(s, groups.getAndIncrement()));
                rejectedUsed++;
            }
        }
        control.checkCancelled();
        // Test: every annotation of the test days; tags outside the model are "unknown" truth.
        List<TrainingDataRepository.Annot> testAnnots = data.annotations(plan.testDays(), null);
        List<Example> test = new ArrayList<>(windows(testAnnots, tagIndex, windowMs, groups, true));
        TrainingDataRepository.Background testBg = data.background(plan.testBackgroundDays(), cap);
        for (AudioStitcher.Source s : testBg.segments()) {
            test.add(segmentExample(s, groups.getAndIncrement()));
        }
        requireTrainable(train, tagNames);
        control.progress("collecting audio", COLLECTED);
        long tCollected = System.nanoTime();

        List<Example> all = new ArrayList<>(train);
        all.addAll(test);
        float[][] vectors = featurise(all, featureConfig, control);
        long tFeaturised = System.nanoTime();

        // Windows without any audio (all gap) were left out by featurise (null): drop them.
        List<Integer> trainIdx = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            if (vectors[i] != null) {
                trainIdx.add(i);
            }
        }
        float[][] x = new float[trainIdx.size()][];
        int[] labels = new int[trainIdx.size()];
        int[] groupIds = new int[trainIdx.size()];
        Instant[] times = new Instant[trainIdx.size()];
        long[] starts = new long[trainIdx.size()];
        long[] ends = new long[trainIdx.size()];
        Set<Long> usedSegments = new LinkedHashSet<>();
        for (int j = 0; j < trainIdx.size(); j++) {
            Example e = train.get(trainIdx.get(j));
            x[j] = vectors[trainIdx.get(j)];
            labels[j] = e.label();
            groupIds[j] = e.group();
            times[j] = Instant.ofEpochMilli(e.startMs());
            starts[j] = e.startMs();
            ends[j] = e.startMs() + e.durationMs();
            e.sources().forEach(s -> usedSegments.add(s.rawId()));
        }
        // Recording sessions (contiguous stretches of one label): what the calibration folds hold out
        // together when the model options ask for it (folds=SESSION, typicalBy=SESSION).
        int[] sessions = RecordingSessions.of(labels, groupIds, starts, ends, RecordingSessions.GAP.toMillis());
        TrainingSet set = new TrainingSet(tagNames, x, labels, groupIds, times, null, sessions);
        int[] perTag = set.countsPerTag();
        for (int t = 0; t < tagNames.size(); t++) {
            if (perTag[t] == 0) {
                throw new TrainingRefused(
                        "no audio is stored for the annotations of '" + tagNames.get(t) + "' on the training days");
            }
        }
        if (set.backgroundCount() == 0) {
            throw new TrainingRefused("the background days have no stored audio outside annotations");
        }
        control.checkCancelled();
        control.progress("fitting and calibrating thresholds", FEATURISED);
        // the time-of-day prior learns local hours: owners live by the clock on the wall, which
        // moves by an hour against UTC twice a year; the model keeps this zone for scoring
        OpenSetModel model = OpenSetModel.train(set, featureConfig, plan.config(), config.seed(), zone.zone());
        control.checkCancelled();
        long tFitted = System.nanoTime();

        control.progress("testing", FITTED);
        ModelMetrics metrics = test(model, tagNames, test, vectors, train.size(), trainAnnots, tagIndex);
        long tTested = System.nanoTime();

        Map<String, Integer> examples = new LinkedHashMap<>();
        Map<String, Long> annotations = new LinkedHashMap<>();
        for (int t = 0; t < tagNames.size(); t++) {
            examples.put(tagNames.get(t), perTag[t]);
            final long id = plan.tags().get(t).id();
            annotations.put(
                    tagNames.get(t),
                    trainAnnots.stream().filter(a -> a.tagId() == id).count());
        }
        int trainWithoutAudio = (int) java.util.stream.IntStream.range(0, train.size())
                .filter(i -> vectors[i] == null)
                .count();
        int testWithoutAudio = (int) java.util.stream.IntStream.range(0, test.size())
                .filter(i -> vectors[train.size() + i] == null)
                .count();
        TrainingReport training = new TrainingReport(
                null,
                examples,
                annotations,
                set.backgroundCount(),
                trainBg.available(),
                cap,
                rejectedUsed,
                trainWithoutAudio,
                days(plan.trainDays()),
                days(plan.trainBackgroundDays()),
                days(plan.testDays()),
                days(plan.testBackgroundDays()),
                test.size() - testWithoutAudio,
                testBg.segments().size(),
                testBg.available(),
                usedSegments.size(),
                suspects(model, train),
                featureConfig.fingerprint(),
                plan.config().describe(),
                ModelOptions.toMap(plan.config()),
                config.seed(),
                new TrainingReport.Seconds(
                        secs(t0, tCollected),
                        secs(tCollected, tFeaturised),
                        secs(tFeaturised, tFitted),
                        secs(tFitted, tTested),
                        secs(t0, tTested)));
        LOG.infof(
                "Trained '%s': %d examples (%d background of %d), featurised %d in %.1f s, fitted in %.1f s",
                plan.name(),
                set.size(),
                set.backgroundCount(),
                trainBg.available(),
                all.size(),
                secs(tCollected, tFeaturised),
                secs(tFeaturised, tFitted));
        return new Outcome(model, metrics, training, usedSegments);
    }

    /**
     * Background segments the contamination guard left out because they scored like a tag: probably
     * unlabelled examples, shown to the owner to label.
     */
    private static List<TrainingReport.Suspect> suspects(OpenSetModel model, List<Example> train) {
        Map<Integer, Example> byGroup = new HashMap<>();
        for (Example e : train) {
            if (e.background()) {
                byGroup.put(e.group(), e);
            }
        }
        List<TrainingReport.Suspect> out = new ArrayList<>();
        for (var cal : model.calibrations()) {
            for (int i = 0; i < cal.suspects().length; i++) {
                Example e = byGroup.get(cal.suspects()[i]);
                if (e == null || e.sources().isEmpty()) {
                    continue;
                }
                out.add(new TrainingReport.Suspect(
                        cal.tag(), e.sources().get(0).rawId(), e.startMs(), cal.suspectScores()[i]));
            }
        }
        return out;
    }

    private static void requireTrainable(List<Example> train, List<String> tagNames) {
        boolean[] seen = new boolean[tagNames.size()];
        boolean background = false;
        for (Example e : train) {
            if (e.label() >= 0) {
                seen[e.label()] = true;
            } else {
                background = true;
            }
        }
        List<String> missing = new ArrayList<>();
        for (int t = 0; t < seen.length; t++) {
            if (!seen[t]) {
                missing.add(tagNames.get(t));
            }
        }
        if (!missing.isEmpty()) {
            throw new TrainingRefused("no stored audio around the training annotations of " + missing);
        }
        if (!background) {
            throw new TrainingRefused("the training background days have no segments outside annotations");
        }
    }

    private List<Example> windows(
            List<TrainingDataRepository.Annot> annots,
            Map<Long, Integer> tagIndex,
            long windowMs,
            AtomicInteger groups,
            boolean keepOtherTags) {
        return new WindowCollector(annots, tagIndex, windowMs, groups, keepOtherTags).collect();
    }

    /** Builds the window examples of a list of annotations with their candidate segments. */
    private final class WindowCollector {
        private final List<TrainingDataRepository.Annot> annots;
        private final Map<Long, Integer> tagIndex;
        private final long windowMs;
        private final AtomicInteger groups;
        private final boolean keepOtherTags;

        WindowCollector(
                List<TrainingDataRepository.Annot> annots,
                Map<Long, Integer> tagIndex,
                long windowMs,
                AtomicInteger groups,
                boolean keepOtherTags) {
            this.annots = annots;
            this.tagIndex = tagIndex;
            this.windowMs = windowMs;
            this.groups = groups;
            this.keepOtherTags = keepOtherTags;
        }

        List<Example> collect() {
            Map<Long, List<AudioStitcher.Source>> around = data.sourcesAround(annots, windowMs);
            List<Example> out = new ArrayList<>();
            for (TrainingDataRepository.Annot a : annots) {
                Integer label = tagIndex.get(a.tagId());
                if (label == null && !keepOtherTags) {
                    continue;
                }
                int group = groups.getAndIncrement();
                for (ExampleWindows.Window w : ExampleWindows.of(a.startMs(), a.endMs(), windowMs)) {
                    List<AudioStitcher.Source> sources =
                            AudioStitcher.overlapping(around.get(a.id()), w.startMs(), w.endMs()).stream()
                                    .filter(s -> s.sampleRate() == SegmentFormat.SAMPLE_RATE)
                                    .toList();
                    String stored = sources.size() == 1
                                    && sources.get(0).startMs() == w.startMs()
                                    && sources.get(0).durationMs() == w.lengthMs()
                            ? sources.get(0).path()
                            : null;
                    StringBuilder key = new StringBuilder()
                            .append(a.deviceId())
                            .append('/')
                            .append(w.startMs())
                            .append('+')
                            .append(w.lengthMs());
                    sources.forEach(s -> key.append(':')
                            .append(s.rawId())
                            .append('@')
                            .append(s.startMs())
                            .append('/')
                            .append(s.durationMs()));
                    out.add(new Example(
                            label == null ? TrainingSet.BACKGROUND : label,
                            group,
                            w.startMs(),
                            w.lengthMs(),
                            key.toString(),
                            stored,
                            sources,
                            false));
                }
            }
            return out;
        }
    }

    private static Example segmentExample(AudioStitcher.Source s, int group) {
        return new Example(
                TrainingSet.BACKGROUND, group, s.startMs(), s.durationMs(), null, s.path(), List.of(s), true);
    }

    /** Vectors of the examples (null for windows with no stored audio), computed in parallel. */
    private float[][] featurise(List<Example> examples, FeatureConfig featureConfig, JobControl control) {
        int threads =
                config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "model-featurise-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            // Ingest and pages come first; training takes what is left.
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        int total = examples.size();
        float[][] out = new float[total][];
        try {
            List<Future<float[]>> futures = new ArrayList<>(total);
            for (Example e : examples) {
                futures.add(pool.submit(() -> control.cancelled() ? null : vector(e, featureConfig)));
            }
            for (int i = 0; i < total; i++) {
                out[i] = futures.get(i).get();
                control.checkCancelled();
                if (i % 16 == 15 || i == total - 1) {
                    control.progress(
                            "featurising " + (i + 1) + "/" + total + " segments",
                            COLLECTED + (FEATURISED - COLLECTED) * (i + 1) / Math.max(1, total));
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobControl.TrainingCancelled();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private float[] vector(Example e, FeatureConfig featureConfig) {
        try {
            if (e.storedPath() != null) {
                return features.ofStored(e.storedPath(), featureConfig);
            }
            if (e.sources().isEmpty()) {
                return null;
            }
            return features.ofKeyed(
                    e.cacheKey(),
                    () -> {
                        AudioStitcher.Stitched s = AudioStitcher.stitch(
                                e.startMs(),
                                e.startMs() + e.durationMs(),
                                SegmentFormat.SAMPLE_RATE,
                                e.sources(),
                                this::read);
                        return new PcmAudio(SegmentFormat.SAMPLE_RATE, s == null ? new short[0] : s.samples());
                    },
                    featureConfig);
        } catch (IOException ex) {
            // A segment whose file is gone or damaged is left out; the rest of the data still trains.
            LOG.warnf("Leaving an example out of training: %s", ex.getMessage());
            return null;
        }
    }

    private short[] read(AudioStitcher.Source s) throws IOException {
        try {
            return WavCodec.decode(files.read(s.path())).samples();
        } catch (WavFormatException e) {
            throw new IOException("segment " + s.path() + " is not a valid WAV: " + e.getMessage(), e);
        }
    }

    private ModelMetrics test(
            OpenSetModel model,
            List<String> tagNames,
            List<Example> test,
            float[][] vectors,
            int offset,
            List<TrainingDataRepository.Annot> trainAnnots,
            Map<Long, Integer> tagIndex) {
        List<Prediction> predictions = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        long backgroundMs = 0;
        int falseAlarms = 0;
        int knownTested = 0;
        int knownCaught = 0;
        int knownCaughtShifted = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] v = vectors[offset + i];
            if (v == null) {
                continue;
            }
            Example e = test.get(i);
            Prediction p = model.predict(v, Instant.ofEpochMilli(e.startMs()));
            predictions.add(p);
            truth.add(e.label());
            if (e.label() >= 0) {
                knownTested++;
                knownCaught += p.tag().filter(tagNames.get(e.label())::equals).isPresent() ? 1 : 0;
                // the same sound half a day later: an hour that training (and the owner) never saw
                Prediction shifted = model.predict(v, Instant.ofEpochMilli(e.startMs() + UNSEEN_SHIFT_MS));
                knownCaughtShifted +=
                        shifted.tag().filter(tagNames.get(e.label())::equals).isPresent() ? 1 : 0;
            }
            if (e.background()) {
                backgroundMs += e.durationMs();
                falseAlarms += p.known() ? 1 : 0;
            }
        }
        ModelMetrics.ConfusionCounts confusion = null;
        Map<String, ModelMetrics.TagFigures> perTag = null;
        Optional<Double> macroF1 = null;
        Optional<Double> accuracy = null;
        Optional<Double> auroc = null;
        Map<String, ModelMetrics.CurveSummary> curves = null;
        if (!predictions.isEmpty()) {
            OpenSetMetrics m = OpenSetMetrics.compute(
                    tagNames, truth.stream().mapToInt(Integer::intValue).toArray(), predictions);
            List<List<Integer>> counts = new ArrayList<>();
            for (int[] row : m.confusion()) {
                counts.add(java.util.Arrays.stream(row).boxed().toList());
            }
            confusion = new ModelMetrics.ConfusionCounts(m.classes(), counts);
            perTag = m.figures();
            int[][] conf = m.confusion();
            for (int t = 0; t < tagNames.size(); t++) {
                int tp = conf[t][t];
                int support = java.util.Arrays.stream(conf[t]).sum();
                int column = t;
                int predicted = java.util.Arrays.stream(conf)
                        .mapToInt(row -> row[column])
                        .sum();
                perTag.computeIfPresent(
                        tagNames.get(t), (k, v) -> v.withCounts(tp, predicted, ci(tp, predicted), ci(tp, support)));
            }
            for (TagThreshold th : model.thresholds()) {
                perTag.computeIfPresent(th.tag(), (k, v) -> v.withThreshold(th));
            }
            macroF1 = ModelMetrics.measured(m.openSetMacroF1());
            accuracy = ModelMetrics.measured(m.closedSetAccuracy());
            auroc = ModelMetrics.measured(m.auroc());
            curves = new LinkedHashMap<>();
            for (int t = 0; t < tagNames.size(); t++) {
                curves.put(
                        tagNames.get(t),
                        curve(m.testCurves().get(t), model.thresholds().get(t).threshold()));
            }
        }
        double hours = backgroundMs / 3_600_000.0;
        ModelMetrics.UnseenHours unseen = new ModelMetrics.UnseenHours(
                UNSEEN_SHIFT_MS / 3_600_000,
                knownTested,
                knownCaught,
                knownCaughtShifted,
                model.config().timePriorWeight());
        return new ModelMetrics(
                null,
                !predictions.isEmpty(),
                predictions.size(),
                confusion,
                perTag,
                macroF1,
                accuracy,
                auroc,
                curves,
                hours,
                falseAlarms,
                hours > 0 ? Optional.of(falseAlarms / hours) : Optional.empty(),
                // "0.0 per hour" measured on 12 s says nothing: the 95 % upper bound says how little
                hours > 0 ? ModelMetrics.measured(Wilson.poissonUpper(falseAlarms, hours)) : Optional.empty(),
                unseen,
                warnings(model, falseAlarms, unseen, knownTested, hours),
                timeOfDay(trainAnnots, tagNames, tagIndex, zone.zone()),
                zone.id());
    }

    /**
     * What the figures cannot promise, in plain words: tags with too few clips for their threshold,
     * test figures resting on a handful of clips, false alarms measured on minutes of background,
     * and a time prior that loses sounds at hours training never saw.
     */
    static List<String> warnings(
            OpenSetModel model, int falseAlarms, ModelMetrics.UnseenHours unseen, int knownTested, double bgHours) {
        List<String> out = new ArrayList<>();
        for (TagThreshold th : model.thresholds()) {
            if (th.warning() != null) {
                out.add(th.warning() + ".");
            }
        }
        if (knownTested == 0) {
            out.add("The test days hold no labelled sound of the model's tags: precision and recall are not measured.");
        } else if (knownTested < MIN_TEST_EXAMPLES) {
            out.add("Test precision and recall rest on " + knownTested + " labelled clip"
                    + (knownTested == 1 ? "" : "s") + ": read the intervals, not the percentages.");
        }
        if (bgHours * 60 < MIN_BACKGROUND_MINUTES) {
            out.add(String.format(
                    java.util.Locale.ROOT,
                    "False alarms were measured on %s of unlabelled sound: %s.",
                    bgHours * 3600 < 90 ? Math.round(bgHours * 3600) + " s" : Math.round(bgHours * 60) + " min",
                    bgHours <= 0
                            ? "nothing is known about them"
                            : "with none seen, up to "
                                    + Math.round(Wilson.poissonUpper(falseAlarms, bgHours))
                                    + " an hour is still possible"));
        }
        if (unseen.caught12HoursLater() < unseen.caughtAtTheirHour()) {
            int own = unseen.caughtAtTheirHour();
            out.add("The time-of-day prior loses " + (own - unseen.caught12HoursLater()) + " of " + own
                    + " caught test sounds when they happen 12 hours later.");
        }
        return out;
    }

    private static List<Double> ci(long successes, long trials) {
        double[] ci = Wilson.interval(successes, trials);
        return List.of(ci[0], ci[1]);
    }

    /** A PR curve thinned to at most {@link #MAX_CURVE_POINTS} points, with the operating point. */
    static ModelMetrics.CurveSummary curve(PrCurve c, double threshold) {
        int n = c.thresholds().length;
        int step = Math.max(1, (int) Math.ceil(n / (double) MAX_CURVE_POINTS));
        List<Double> precision = new ArrayList<>();
        List<Double> recall = new ArrayList<>();
        List<Double> thresholds = new ArrayList<>();
        for (int i = 0; i < n; i += step) {
            precision.add(c.precision()[i]);
            recall.add(c.recall()[i]);
            thresholds.add(c.thresholds()[i]);
        }
        if (n > 0 && (n - 1) % step != 0) {
            precision.add(c.precision()[n - 1]);
            recall.add(c.recall()[n - 1]);
            thresholds.add(c.thresholds()[n - 1]);
        }
        // Thresholds descend: the operating point is the last point whose threshold the tag's still clears.
        int at = -1;
        for (int i = 0; i < n && c.thresholds()[i] >= threshold; i++) {
            at = i;
        }
        ModelMetrics.OperatingPoint op = new ModelMetrics.OperatingPoint(
                ModelMetrics.measured(threshold),
                at < 0 ? Optional.empty() : Optional.of(c.precision()[at]),
                at < 0 ? 0.0 : c.recall()[at]);
        return new ModelMetrics.CurveSummary(precision, recall, thresholds, c.positives(), op);
    }

    /**
     * Per tag: share of its training annotations starting in each local hour of {@code zone},
     * lightly smoothed (circular).
     */
    static Map<String, List<Double>> timeOfDay(
            List<TrainingDataRepository.Annot> annots,
            List<String> tagNames,
            Map<Long, Integer> tagIndex,
            ZoneId zone) {
        double[][] hist = new double[tagNames.size()][24];
        for (TrainingDataRepository.Annot a : annots) {
            Integer t = tagIndex.get(a.tagId());
            if (t != null) {
                hist[t][Instant.ofEpochMilli(a.startMs()).atZone(zone).getHour()]++;
            }
        }
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (int t = 0; t < tagNames.size(); t++) {
            double[] h = hist[t];
            double[] s = new double[24];
            double sum = 0;
            for (int i = 0; i < 24; i++) {
                s[i] = 0.25 * h[(i + 23) % 24] + 0.5 * h[i] + 0.25 * h[(i + 1) % 24];
                sum += s[i];
            }
            List<Double> density = new ArrayList<>(24);
            for (int i = 0; i < 24; i++) {
                density.add(sum == 0 ? 0.0 : s[i] / sum);
            }
            out.put(tagNames.get(t), density);
        }
        return out;
    }

    private static List<String> days(List<LocalDate> days) {
        return days.stream().sorted().map(LocalDate::toString).toList();
    }

    private static double secs(long fromNanos, long toNanos) {
        return Math.round((toNanos - fromNanos) / 1e6) / 1000.0;
    }
}
