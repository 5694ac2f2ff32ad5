package io.buddybork.recognition.model;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureLayout;
import io.buddybork.recognition.time.TimeOfDayModel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A trained open-set recogniser: per-tag scores from a {@link ScoringCore}, one threshold per tag
 * calibrated on out-of-fold training and background data, optional time-of-day priors. A segment
 * whose scores are under every tag's threshold is unknown. Immutable and thread-safe; predictions
 * are deterministic, and a model reloaded by {@link ModelStore} predicts bit for bit the same.
 */
public final class OpenSetModel {

    private static final int MAX_FOLDS = 5;
    private static final double PRIOR_MIN = 0.5;
    /**
     * Labelled events at which the time prior has half its strength: a prior fitted to tens of
     * labels (all an owner gives at first, at the hours they happened to be home) must not
     * suppress a sound at an hour nobody labelled.
     */
    static final double PRIOR_HALF_EVIDENCE = 200;

    private final List<String> tags;
    private final FeatureConfig featureConfig;
    private final ModelConfig config;
    private final ScoringCore core;
    private final List<TagThreshold> thresholds;
    private final List<PrCurve> curves;
    /** Empty in models saved before calibration data were kept. */
    private final List<TagCalibration> calibrations;
    /**
     * Per tag, the least cosine similarity to the tag's nearest training example a detection needs
     * (the spread test, {@link ModelConfig#spreadKeep()}); null when the test is off or in models
     * saved before it existed.
     */
    private final double[] spreadFloors;
    /** Per-tag map of the scores onto a common scale ({@link ModelConfig#scoreCalibration()}); null when off. */
    private final TagScoreMap scoreMap;

    private final Map<String, TimeOfDayModel> timeModels;
    private final TrainingSummary summary;
    private final Instant created;

    private OpenSetModel(
            List<String> tags,
            FeatureConfig featureConfig,
            ModelConfig config,
            ScoringCore core,
            List<TagThreshold> thresholds,
            List<PrCurve> curves,
            List<TagCalibration> calibrations,
            double[] spreadFloors,
            TagScoreMap scoreMap,
            Map<String, TimeOfDayModel> timeModels,
            TrainingSummary summary,
            Instant created) {
        this.spreadFloors = spreadFloors;
        this.scoreMap = scoreMap;
        this.tags = List.copyOf(tags);
        this.featureConfig = featureConfig;
        this.config = config;
        this.core = core;
        this.thresholds = List.copyOf(thresholds);
        this.curves = List.copyOf(curves);
        this.calibrations = List.copyOf(calibrations);
        this.timeModels = Map.copyOf(timeModels);
        this.summary = summary;
        this.created = created;
    }

    /**
     * A model from its parts, as read from a model file. Checks that the parts fit together (one
     * threshold, curve and calibration per tag, in tag order; time models only of known tags; the
     * core sized for the feature configuration).
     *
     * @throws IllegalArgumentException naming the first part that does not fit
     */
    static OpenSetModel restore(
            List<String> tags,
            FeatureConfig featureConfig,
            ModelConfig config,
            ScoringCore core,
            List<TagThreshold> thresholds,
            List<PrCurve> curves,
            List<TagCalibration> calibrations,
            double[] spreadFloors,
            TagScoreMap scoreMap,
            Map<String, TimeOfDayModel> timeModels,
            TrainingSummary summary,
            Instant created) {
        PosteriorModel.require(tags != null && !tags.isEmpty(), "the model has no tags");
        PosteriorModel.require(tags.stream().allMatch(t -> t != null && !t.isEmpty()), "a tag has no name");
        PosteriorModel.require(tags.stream().distinct().count() == tags.size(), "tags repeat");
        PosteriorModel.require(
                featureConfig != null && config != null && summary != null && created != null,
                "the model lacks its configuration, summary or creation time");
        int k = tags.size();
        PosteriorModel.require(core.state().tagCount() == k, "the core scores another number of tags");
        PosteriorModel.require(core.state().config().equals(config), "the core has another configuration");
        PosteriorModel.require(thresholds != null && thresholds.size() == k, "need one threshold per tag");
        PosteriorModel.require(curves != null && curves.size() == k, "need one calibration curve per tag");
        PosteriorModel.require(
                calibrations != null && (calibrations.isEmpty() || calibrations.size() == k),
                "need calibration data of every tag or of none");
        for (int t = 0; t < k; t++) {
            PosteriorModel.require(tags.get(t).equals(thresholds.get(t).tag()), "thresholds are not in tag order");
            PosteriorModel.require(
                    calibrations.isEmpty()
                            || tags.get(t).equals(calibrations.get(t).tag()),
                    "calibration data are not in tag order");
        }
        PosteriorModel.require(
                timeModels != null && tags.containsAll(timeModels.keySet()), "a time-of-day model belongs to no tag");
        PosteriorModel.require(
                summary.featureDimension() == featureConfig.vectorLength(),
                "the summary's feature dimension does not match the feature configuration");
        PosteriorModel.require(
                spreadFloors == null || (spreadFloors.length == k && config.spreadKeep() > 0),
                "the spread floors do not fit the tags or the spread test is off");
        PosteriorModel.require(
                scoreMap == null
                        || (scoreMap.size() == k && config.scoreCalibration() != ModelConfig.ScoreCalibration.NONE),
                "the score map does not fit the tags or score calibration is off");
        return new OpenSetModel(
                tags,
                featureConfig,
                config,
                core,
                thresholds,
                curves,
                calibrations,
                spreadFloors,
                scoreMap,
                timeModels,
                summary,
                created);
    }

    /** The fitted pipeline (for the model file). */
    ScoringCore core() {
        return core;
    }

    /** Trains with the home's time zone taken as the system default. */
    public static OpenSetModel train(TrainingSet set, FeatureConfig featureConfig, ModelConfig config, long seed) {
        return train(set, featureConfig, config, seed, ZoneId.systemDefault());
    }

    /**
     * Trains a model. Deterministic for a given set, configuration and seed.
     *
     * @throws IllegalArgumentException when the set has no known-tag examples
     */
    public static OpenSetModel train(
            TrainingSet set, FeatureConfig featureConfig, ModelConfig config, long seed, ZoneId zone) {
        long start = System.nanoTime();
        int k = set.tags().size();
        if (k == 0 || Arrays.stream(set.countsPerTag()).sum() == 0) {
            throw new IllegalArgumentException("the training set has no examples of any tag");
        }
        if (set.dimension() != featureConfig.vectorLength()) {
            throw new IllegalArgumentException("features have " + set.dimension() + " values but feature config "
                    + featureConfig.fingerprint() + " makes " + featureConfig.vectorLength());
        }
        int[] all = new int[set.size()];
        Arrays.setAll(all, i -> i);
        List<String> names = FeatureLayout.of(featureConfig).names();
        int[] columns = java.util.stream.IntStream.range(0, names.size())
                .filter(i -> config.inputs().uses(names.get(i)))
                .toArray();

        // Group ids -> dense indices, each group's label (its first example's).
        Map<Integer, Integer> groupIndex = new LinkedHashMap<>();
        for (int g : set.groups()) {
            groupIndex.putIfAbsent(g, groupIndex.size());
        }
        int groups = groupIndex.size();
        int[] exampleGroup = new int[set.size()];
        int[] groupLabel = new int[groups];
        int[] groupId = new int[groups];
        Arrays.fill(groupLabel, Integer.MIN_VALUE);
        for (int i = 0; i < set.size(); i++) {
            int g = groupIndex.get(set.groups()[i]);
            exampleGroup[i] = g;
            groupId[g] = set.groups()[i];
            if (groupLabel[g] == Integer.MIN_VALUE) {
                groupLabel[g] = set.labels()[i];
            } else if (groupLabel[g] != set.labels()[i]) {
                throw new IllegalArgumentException("group " + set.groups()[i] + " mixes labels");
            }
        }

        // Fold units: each group, or with Grouping.SESSION each session of a label that has at
        // least two (a tag recorded in one session only keeps its clips apart, or its out-of-fold
        // scores would come from models that never heard it).
        int[] groupUnit = foldUnits(set, exampleGroup, groupLabel, config.folds());
        int units = Arrays.stream(groupUnit).max().orElse(-1) + 1;
        int[] unitLabel = new int[units];
        Arrays.fill(unitLabel, Integer.MIN_VALUE);
        for (int g = 0; g < groups; g++) {
            if (unitLabel[groupUnit[g]] == Integer.MIN_VALUE) {
                unitLabel[groupUnit[g]] = groupLabel[g];
            }
        }
        int folds = Math.min(MAX_FOLDS, units);
        boolean spread = config.spreadKeep() > 0;
        double[] spreadFloors = null;
        TagScoreMap scoreMap = null;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(folds + 1, Runtime.getRuntime().availableProcessors())), r -> {
                    Thread t = new Thread(r, "train-fold");
                    t.setDaemon(true);
                    return t;
                });
        List<TagThreshold> thresholds = new ArrayList<>();
        List<PrCurve> curves = new ArrayList<>();
        List<TagCalibration> calibrations = new ArrayList<>();
        ScoringCore core;
        try {
            java.util.concurrent.Future<ScoringCore> finalFit =
                    pool.submit(() -> ScoringCore.fit(set, all, config, columns, seed, names));
            if (folds >= 2) {
                int[] unitFold = assignFolds(unitLabel, folds, seed);
                int[] fold = new int[groups];
                for (int g = 0; g < groups; g++) {
                    fold[g] = unitFold[groupUnit[g]];
                }
                double[][] groupScore = new double[groups][k];
                List<List<double[]>> groupWindows = new ArrayList<>();
                List<List<double[]>> groupNearest = new ArrayList<>();
                for (int g = 0; g < groups; g++) {
                    groupWindows.add(new ArrayList<>());
                    groupNearest.add(new ArrayList<>());
                }
                boolean[] scored = new boolean[groups];
                List<double[]> pseudoScores = new ArrayList<>();
                // Folds (and the final fit below) are independent: fit them in parallel. Each fit seeds
                // Smile's thread-local generator itself, so results do not depend on the thread.
                List<java.util.concurrent.Future<double[][][]>> foldScores = new ArrayList<>();
                for (int f = 0; f < folds; f++) {
                    final int ff = f;
                    foldScores.add(pool.submit(() -> {
                        int[] train = Arrays.stream(all)
                                .filter(i -> fold[exampleGroup[i]] != ff)
                                .toArray();
                        if (Arrays.stream(train).noneMatch(i -> set.labels()[i] >= 0)) {
                            return null;
                        }
                        ScoringCore c = ScoringCore.fit(set, train, config, columns, seed + ff + 1, names);
                        double[][] out = new double[set.size()][];
                        double[][] near = new double[set.size()][];
                        for (int i = 0; i < set.size(); i++) {
                            if (fold[exampleGroup[i]] == ff && !set.augmented()[i]) {
                                out[i] = c.scores(set.features()[i]);
                                if (spread) {
                                    near[i] = c.nearest(set.features()[i]);
                                }
                            }
                        }
                        double[][] pseudo = config.pseudoNegatives() > 0
                                ? pseudoNegativeScores(set, c, ff, fold, exampleGroup, config.pseudoNegatives())
                                : new double[0][];
                        return new double[][][] {out, near, pseudo};
                    }));
                }
                for (int f = 0; f < folds; f++) {
                    double[][][] result = join(foldScores.get(f));
                    if (result == null) {
                        continue;
                    }
                    double[][] out = result[0];
                    pseudoScores.addAll(Arrays.asList(result[2]));
                    for (int i = 0; i < set.size(); i++) {
                        if (out[i] != null) {
                            groupWindows.get(exampleGroup[i]).add(out[i]);
                            if (spread) {
                                groupNearest.get(exampleGroup[i]).add(result[1][i]);
                            }
                            scored[exampleGroup[i]] = true;
                        }
                    }
                }
                double[][] groupNear = spread ? new double[groups][] : null;
                for (int g = 0; g < groups; g++) {
                    if (scored[g]) {
                        groupScore[g] = pool(groupWindows.get(g), k, config.poolTopK());
                        if (spread) {
                            groupNear[g] = pool(groupNearest.get(g), k, config.poolTopK());
                        }
                    }
                }
                scoreMap = scoreMap(groupScore, groupLabel, scored, k, config);
                if (scoreMap != null) {
                    // Thresholds and calibration data are read off the mapped scores: what decide() compares.
                    for (int g = 0; g < groups; g++) {
                        if (scored[g]) {
                            groupScore[g] = scoreMap.apply(groupScore[g]);
                        }
                    }
                    pseudoScores.replaceAll(scoreMap::apply);
                }
                if (spread) {
                    spreadFloors = spreadFloors(groupNear, groupLabel, scored, k, config.spreadKeep());
                }
                ThresholdPolicy policy = ThresholdPolicy.forTarget(config.targetPrecision());
                for (int t = 0; t < k; t++) {
                    List<Double> pos = new ArrayList<>();
                    List<Double> bg = new ArrayList<>();
                    List<Integer> bgIds = new ArrayList<>();
                    List<Double> other = new ArrayList<>();
                    for (int g = 0; g < groups; g++) {
                        if (!scored[g]) {
                            continue;
                        }
                        double score = groupScore[g][t];
                        if (groupLabel[g] == t) {
                            pos.add(score);
                        } else if (groupLabel[g] == TrainingSet.BACKGROUND) {
                            bg.add(score);
                            bgIds.add(groupId[g]);
                        } else {
                            other.add(score);
                        }
                    }
                    for (double[] ps : pseudoScores) {
                        other.add(ps[t]);
                    }
                    ThresholdPolicy.Choice choice = policy.choose(
                            set.tags().get(t),
                            pos.stream().mapToDouble(Double::doubleValue).toArray(),
                            bg.stream().mapToDouble(Double::doubleValue).toArray(),
                            bgIds.stream().mapToInt(Integer::intValue).toArray(),
                            other.stream().mapToDouble(Double::doubleValue).toArray());
                    if (config.openSpace() > 0) {
                        choice = ThresholdPolicy.withOpenSpaceFloor(choice, config.openSpace());
                    }
                    curves.add(choice.curve());
                    thresholds.add(choice.threshold());
                    calibrations.add(choice.calibration());
                }
            } else {
                for (int t = 0; t < k; t++) {
                    curves.add(new PrCurve(new double[0], new double[0], new double[0], 0));
                    thresholds.add(new TagThreshold(
                            set.tags().get(t),
                            0.5,
                            0,
                            0,
                            false,
                            TagThreshold.BASIS_BEST_F1,
                            0,
                            0,
                            0,
                            set.tags().get(t) + " has too few examples to calibrate a threshold; label more"));
                    calibrations.add(TagCalibration.empty(set.tags().get(t)));
                }
            }

            core = join(finalFit);
            if (config.scoreFloor() > 0 && folds >= 2) {
                double[] floor = core.shifted(config.scoreFloor());
                for (int t = 0; t < k; t++) {
                    TagThreshold old = thresholds.get(t);
                    if (old.threshold() < floor[t]) {
                        TagCalibration cal = calibrations.get(t);
                        TagCalibration.OperatingPoint op = cal.at(floor[t]);
                        thresholds.set(
                                t,
                                new TagThreshold(
                                        old.tag(),
                                        floor[t],
                                        Double.isNaN(op.precision()) ? 0 : op.precision(),
                                        Double.isNaN(op.recall()) ? 0 : op.recall(),
                                        old.targetReached(),
                                        TagThreshold.BASIS_SCORE_FLOOR,
                                        old.positives(),
                                        old.backgroundCount(),
                                        Double.isNaN(op.backgroundRate()) ? 0 : op.backgroundRate(),
                                        old.warning()));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, TimeOfDayModel> timeModels = new TreeMap<>();
        for (int t = 0; t < k; t++) {
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                if (set.labels()[i] == t && set.times()[i] != null) {
                    times.add(set.times()[i]);
                }
            }
            if (!times.isEmpty()) {
                timeModels.put(set.tags().get(t), TimeOfDayModel.fit(times, zone, 1.0));
            }
        }

        Map<String, Integer> perTag = new LinkedHashMap<>();
        Map<String, Integer> groupsPerTag = new LinkedHashMap<>();
        int[] counts = set.countsPerTag();
        for (int t = 0; t < k; t++) {
            perTag.put(set.tags().get(t), counts[t]);
            final int tt = t;
            groupsPerTag.put(set.tags().get(t), (int)
                    Arrays.stream(groupLabel).filter(l -> l == tt).count());
        }
        int bgGroups = (int) Arrays.stream(groupLabel)
                .filter(l -> l == TrainingSet.BACKGROUND)
                .count();
        long millis = (System.nanoTime() - start) / 1_000_000;
        TrainingSummary summary = new TrainingSummary(
                perTag,
                groupsPerTag,
                set.backgroundCount(),
                bgGroups,
                set.dimension(),
                core.projectedDimension(),
                folds >= 2 ? folds : 0,
                core.sigma(),
                seed,
                millis);
        return new OpenSetModel(
                set.tags(),
                featureConfig,
                config,
                core,
                thresholds,
                curves,
                calibrations,
                spreadFloors,
                scoreMap,
                timeModels,
                summary,
                Instant.now());
    }

    private static <T> T join(java.util.concurrent.Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("training failed", e.getCause());
        }
    }

    /**
     * Each tag's score over the windows of one clip: the mean of all windows ({@code topK} 0), or the
     * mean of the tag's {@code topK} best windows (1 = the best window).
     */
    static double[] pool(List<double[]> windowScores, int k, int topK) {
        double[] out = new double[k];
        int n = windowScores.size();
        if (topK == 0 || topK >= n) {
            for (double[] w : windowScores) {
                for (int t = 0; t < k; t++) {
                    out[t] += w[t];
                }
            }
            for (int t = 0; t < k; t++) {
                out[t] /= n;
            }
            return out;
        }
        double[] column = new double[n];
        for (int t = 0; t < k; t++) {
            for (int i = 0; i < n; i++) {
                column[i] = windowScores.get(i)[t];
            }
            Arrays.sort(column);
            double sum = 0;
            for (int i = n - topK; i < n; i++) {
                sum += column[i];
            }
            out[t] = sum / topK;
        }
        return out;
    }

    /**
     * The fold unit of each group: the group itself ({@code CLIP}), or its session ({@code SESSION})
     * when its label has at least two sessions. Units are numbered densely in order of appearance.
     */
    static int[] foldUnits(TrainingSet set, int[] exampleGroup, int[] groupLabel, ModelConfig.Grouping mode) {
        int groups = groupLabel.length;
        int[] groupSession = new int[groups];
        for (int i = 0; i < set.size(); i++) {
            groupSession[exampleGroup[i]] = set.sessions()[i];
        }
        Map<Integer, java.util.Set<Integer>> sessionsOfLabel = new java.util.HashMap<>();
        for (int g = 0; g < groups; g++) {
            sessionsOfLabel
                    .computeIfAbsent(groupLabel[g], l -> new java.util.HashSet<>())
                    .add(groupSession[g]);
        }
        Map<Long, Integer> unitIndex = new LinkedHashMap<>();
        int[] unit = new int[groups];
        for (int g = 0; g < groups; g++) {
            boolean bySession = mode == ModelConfig.Grouping.SESSION
                    && sessionsOfLabel.get(groupLabel[g]).size() >= 2;
            long key = bySession ? groupSession[g] : (1L << 40) + g;
            unit[g] = unitIndex.computeIfAbsent(key, x -> unitIndex.size());
        }
        return unit;
    }

    /**
     * Per tag, the similarity to its nearest example that share {@code keep} of its own out-of-fold
     * groups reach (0 when none was scored: no test).
     */
    /** The score map of the configuration from the groups' out-of-fold scores (null when off). */
    private static TagScoreMap scoreMap(
            double[][] groupScore, int[] groupLabel, boolean[] scored, int k, ModelConfig config) {
        if (config.scoreCalibration() == ModelConfig.ScoreCalibration.NONE) {
            return null;
        }
        List<double[]> background = new ArrayList<>();
        List<double[]> others = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            final int tt = t;
            background.add(java.util.stream.IntStream.range(0, groupScore.length)
                    .filter(g -> scored[g] && groupLabel[g] == TrainingSet.BACKGROUND)
                    .mapToDouble(g -> groupScore[g][tt])
                    .toArray());
            others.add(java.util.stream.IntStream.range(0, groupScore.length)
                    .filter(g -> scored[g] && groupLabel[g] >= 0 && groupLabel[g] != tt)
                    .mapToDouble(g -> groupScore[g][tt])
                    .toArray());
        }
        return TagScoreMap.fit(config.scoreCalibration(), config.scoreCalibrationWeight(), background, others);
    }

    private static double[] spreadFloors(double[][] groupNear, int[] groupLabel, boolean[] scored, int k, double keep) {
        double[] floors = new double[k];
        for (int t = 0; t < k; t++) {
            List<Double> own = new ArrayList<>();
            for (int g = 0; g < groupLabel.length; g++) {
                if (scored[g] && groupLabel[g] == t) {
                    own.add(groupNear[g][t]);
                }
            }
            if (!own.isEmpty()) {
                floors[t] = ThresholdPolicy.quantileDescending(
                        TagCalibration.descending(
                                own.stream().mapToDouble(Double::doubleValue).toArray()),
                        keep);
            }
        }
        return floors;
    }

    /**
     * Out-of-fold scores of pseudo-unknown negatives ({@link ModelConfig#pseudoNegatives()}): each
     * held-out recorded example of fold {@code ff} mixed, {@code (1 - share) a + share b}, with the
     * held-out example of another tag in the same fold most similar to it (cosine after the fold
     * core's normalisation), scored by that fold's core. Both sources are held out, so a mix is as new
     * to the core as a live sound between two tags would be. Mixing raw vectors mixes the
     * standardised ones alike (an affine map with weights summing to 1).
     */
    private static double[][] pseudoNegativeScores(
            TrainingSet set, ScoringCore core, int ff, int[] fold, int[] exampleGroup, double share) {
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (fold[exampleGroup[i]] == ff && !set.augmented()[i] && set.labels()[i] >= 0) {
                held.add(i);
            }
        }
        List<double[]> normalised = new ArrayList<>();
        for (int i : held) {
            normalised.add(core.normalise(set.features()[i]));
        }
        List<double[]> out = new ArrayList<>();
        for (int a = 0; a < held.size(); a++) {
            int best = -1;
            double bestCos = Double.NEGATIVE_INFINITY;
            for (int b = 0; b < held.size(); b++) {
                if (set.labels()[held.get(b)] != set.labels()[held.get(a)]) {
                    double cos = ScoringCore.cosineScore(normalised.get(a), normalised.get(b));
                    if (cos > bestCos) {
                        bestCos = cos;
                        best = b;
                    }
                }
            }
            if (best < 0) {
                continue;
            }
            float[] x = set.features()[held.get(a)];
            float[] y = set.features()[held.get(best)];
            float[] mix = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                mix[j] = (float) ((1 - share) * x[j] + share * y[j]);
            }
            out.add(core.scores(mix));
        }
        return out.toArray(new double[0][]);
    }

    /** Stratified assignment of groups to folds, deterministic for the seed. */
    private static int[] assignFolds(int[] groupLabel, int folds, long seed) {
        Random random = new Random(seed);
        int[] fold = new int[groupLabel.length];
        int[] sortedLabels = Arrays.stream(groupLabel).distinct().sorted().toArray();
        int next = 0;
        for (int label : sortedLabels) {
            List<Integer> members = new ArrayList<>();
            for (int g = 0; g < groupLabel.length; g++) {
                if (groupLabel[g] == label) {
                    members.add(g);
                }
            }
            java.util.Collections.shuffle(members, random);
            for (int g : members) {
                fold[g] = next++ % folds;
            }
        }
        return fold;
    }

    /** Scores one segment vector. */
    public Prediction predict(float[] features) {
        return predictWindows(List.of(features), null, null);
    }

    /** Scores one segment vector captured at {@code time} (applies the time prior if configured). */
    public Prediction predict(float[] features, Instant time) {
        return predictWindows(List.of(features), time, null);
    }

    /**
     * Scores one segment vector against the given thresholds (one per tag, in tag order) instead of
     * the calibrated ones: the owner's sensitivity settings, applied without retraining.
     */
    public Prediction predict(float[] features, Instant time, double[] thresholdsOverride) {
        return predictWindows(List.of(features), time, thresholdsOverride);
    }

    /**
     * Scores a clip given as the vectors of its windows: per-tag scores are pooled over the windows
     * (their mean, or the mean of the best {@link ModelConfig#poolTopK()}), then the optional time
     * prior is applied, then the thresholds.
     */
    public Prediction predictWindows(List<float[]> windows, Instant time) {
        return predictWindows(windows, time, null);
    }

    private Prediction predictWindows(List<float[]> windows, Instant time, double[] override) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no feature vectors to score");
        }
        List<double[]> perWindow = new ArrayList<>(windows.size());
        List<double[]> nearest = spreadFloors == null ? null : new ArrayList<>(windows.size());
        List<double[]> ratios = config.neighbourRatio() > 0 ? new ArrayList<>(windows.size()) : null;
        for (float[] w : windows) {
            requireDimension(w);
            perWindow.add(core.scores(w));
            if (nearest != null) {
                nearest.add(core.nearest(w));
            }
            if (ratios != null) {
                ratios.add(core.neighbourRatios(w));
            }
        }
        return decide(perWindow, nearest, ratios, time, override);
    }

    /**
     * Pools window scores, applies the time prior, then the thresholds ({@code override} or the
     * calibrated ones) and, when on, the spread test ({@code nearest}: per window, the similarity
     * to each tag's nearest example; null when the test is off).
     */
    private Prediction decide(
            List<double[]> perWindow, List<double[]> nearest, List<double[]> ratios, Instant time, double[] override) {
        int k = tags.size();
        if (override != null && override.length != k) {
            throw new IllegalArgumentException("need " + k + " thresholds, got " + override.length);
        }
        double[] s = pool(perWindow, k, config.poolTopK());
        if (scoreMap != null) {
            s = scoreMap.apply(s);
        }
        double[] near = nearest == null ? null : pool(nearest, k, config.poolTopK());
        double[] ratio = ratios == null ? null : pool(ratios, k, 0);
        for (int t = 0; t < k; t++) {
            s[t] *= timePriorFactor(tags.get(t), time);
        }
        int best = 0;
        int bestKnown = -1;
        for (int t = 0; t < k; t++) {
            if (s[t] > s[best]) {
                best = t;
            }
            double threshold =
                    override != null ? override[t] : thresholds.get(t).threshold();
            boolean inside = (near == null || near[t] >= spreadFloors[t])
                    && (ratio == null || ratio[t] <= config.neighbourRatio());
            if (s[t] >= threshold && inside && (bestKnown < 0 || s[t] > s[bestKnown])) {
                bestKnown = t;
            }
        }
        if (bestKnown >= 0 && config.ambiguity() > 0) {
            // Two tags about equally likely: a sound between them, more often a kind never labelled
            // than either (ambiguity rejection).
            for (int t = 0; t < k; t++) {
                if (t != bestKnown && s[bestKnown] - s[t] < config.ambiguity()) {
                    bestKnown = -1;
                    break;
                }
            }
        }
        Map<String, Double> perTag = new LinkedHashMap<>();
        for (int t = 0; t < k; t++) {
            perTag.put(tags.get(t), s[t]);
        }
        return bestKnown >= 0
                ? new Prediction(tags.get(bestKnown), s[bestKnown], true, perTag)
                : new Prediction(tags.get(best), s[best], false, perTag);
    }

    private void requireDimension(float[] features) {
        if (features.length != summary.featureDimension()) {
            throw new IllegalArgumentException("feature vector has " + features.length + " values, model expects "
                    + summary.featureDimension() + " (feature config " + featureConfig.fingerprint() + ")");
        }
    }

    /**
     * How unlike every tag and the background one segment vector is, in [0, 1] (see
     * {@code ScoringCore.novelty}): a high value marks a kind of sound the model never heard, worth
     * showing to the owner to label.
     */
    public double novelty(float[] features) {
        requireDimension(features);
        return core.novelty(features);
    }

    /** A segment's prediction and its {@link #novelty}, as live detection keeps them. */
    public record Assessment(Prediction prediction, double novelty) {}

    /**
     * {@link #predict(float[], Instant, double[])} and {@link #novelty} of one segment vector in one
     * pass over the model: the same results, without scanning the background twice (live detection's
     * path). {@code thresholdsOverride} null: the calibrated thresholds.
     */
    public Assessment assess(float[] features, Instant time, double[] thresholdsOverride) {
        requireDimension(features);
        ScoringCore.Scored scored = core.scoresAndNovelty(features);
        List<double[]> nearest = spreadFloors == null ? null : List.of(core.nearest(features));
        List<double[]> ratios = config.neighbourRatio() > 0 ? List.of(core.neighbourRatios(features)) : null;
        return new Assessment(
                decide(List.of(scored.scores()), nearest, ratios, time, thresholdsOverride), scored.novelty());
    }

    /**
     * The time-of-day multiplier of a tag's score at {@code time}: 1 unless the model was trained
     * with a time prior (opt-in). Relative to the tag's busiest hour, so it only ever lowers a score
     * (thresholds are calibrated without it), never below {@value #PRIOR_MIN}, and weighted by the
     * evidence: with n labelled events only n / (n + {@value #PRIOR_HALF_EVIDENCE}) of the reduction
     * applies (20 labels: at most 5 %).
     */
    public double timePriorFactor(String tag, Instant time) {
        if (time == null || config.timePriorWeight() <= 0) {
            return 1.0;
        }
        TimeOfDayModel tm = timeModels.get(tag);
        if (tm == null) {
            return 1.0;
        }
        double factor =
                Math.max(PRIOR_MIN, Math.min(1.0, Math.pow(tm.peakRelativeDensity(time), config.timePriorWeight())));
        double evidence = tm.observations() / (tm.observations() + PRIOR_HALF_EVIDENCE);
        return 1 - evidence * (1 - factor);
    }

    /** Known tags in score order. */
    public List<String> tags() {
        return tags;
    }

    /** The feature configuration the model expects. */
    public FeatureConfig featureConfig() {
        return featureConfig;
    }

    /** The pipeline configuration. */
    public ModelConfig config() {
        return config;
    }

    /** Per-tag thresholds, in tag order. */
    public List<TagThreshold> thresholds() {
        return thresholds;
    }

    /** Per-tag calibration PR curves, in tag order. */
    public List<PrCurve> calibrationCurves() {
        return curves;
    }

    /**
     * Per-tag calibration data (out-of-fold scores the thresholds were read from), in tag order;
     * empty for models saved before they were kept.
     */
    public List<TagCalibration> calibrations() {
        return calibrations;
    }

    /**
     * Per tag, the least similarity to the tag's nearest training example a detection needs (the
     * spread test), in tag order; empty when the test is off.
     */
    public double[] spreadFloors() {
        return spreadFloors == null ? new double[0] : spreadFloors.clone();
    }

    /** The per-tag score map (score calibration), or null when off. */
    TagScoreMap scoreMap() {
        return scoreMap;
    }

    /** Time-of-day models of the tags that had timestamps. */
    public Map<String, TimeOfDayModel> timeModels() {
        return timeModels;
    }

    /** Training summary. */
    public TrainingSummary summary() {
        return summary;
    }

    /** Creation time. */
    public Instant created() {
        return created;
    }
}
