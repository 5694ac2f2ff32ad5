package io.buddybork.hub.detect;

import io.buddybork.hub.annotate.AnnotationRequests;
import io.buddybork.hub.annotate.AnnotationService;
import io.buddybork.hub.annotate.AnnotationView;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.tag.TagService;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of the detection API: range and filter checks (a bad range is a 400 problem), paged
 * lists ordered by time, per-bucket and per-tag counts for the dashboard, the detector's status,
 * and reviews. A review is one transaction: the detection's review columns and the annotation it
 * creates (confirm: the detected tag over the segment; reject: the right tag, when given) change
 * together, and a changed review removes the annotation the earlier one made. Reviews of one
 * detection are serialised (its row is locked for the transaction), so concurrent reviews end in
 * the last one's state with exactly the annotation it implies; a repeated identical review is a
 * no-op that answers the detection as it is.
 */
@ApplicationScoped
public class DetectionService {
    /** Most buckets a histogram may have. */
    public static final int MAX_BUCKETS = 5000;

    @Inject
    DetectionRepository store;

    @Inject
    DetectionConfig config;

    @Inject
    ActiveModels models;

    @Inject
    DetectionPipeline pipeline;

    @Inject
    SegmentScorer scorer;

    @Inject
    DetectionMetrics metrics;

    @Inject
    AnnotationService annotations;

    @Inject
    TagService tags;

    @Inject
    HubZone zone;

    /** A checked time range, {@code [fromMs, toMs)}. */
    public record Range(long fromMs, long toMs) {}

    /** Parses and checks {@code from}/{@code to} (epoch ms): both required, to after from, not too long. */
    public Range range(String from, String to) {
        long f = millis(from, "from");
        long t = millis(to, "to");
        if (t <= f) {
            throw ProblemException.badRequest("invalid-range", "'to' (" + t + ") must be after 'from' (" + f + ")");
        }
        if (t - f > config.maxRange().toMillis()) {
            throw ProblemException.badRequest(
                    "range-too-long",
                    "a range may span at most " + config.maxRange().toDays() + " days; page through longer periods");
        }
        return new Range(f, t);
    }

    private static long millis(String text, String name) {
        if (text == null || text.isEmpty()) {
            throw ProblemException.badRequest("missing-range", name + " is required (epoch milliseconds)");
        }
        if (!text.matches("[0-9]{1,15}")) {
            throw ProblemException.badRequest(
                    "invalid-time", name + " must be epoch milliseconds (digits), got '" + text + "'");
        }
        return Long.parseLong(text);
    }

    /**
     * Detections of segments starting in the range, ordered by time then id, at most {@code limit},
     * after the cursor; {@code liveOnly}: without history and labelled ones.
     */
    public List<DetectionView> list(
            Range range, Long deviceId, Long modelId, boolean liveOnly, long[] after, int limit) {
        return run(() -> store.between(range.fromMs(), range.toMs(), deviceId, modelId, liveOnly, after, limit));
    }

    /** Which detections a list shows by their tag: known tags only, known and unknown, or unknown only. */
    public enum Unknowns {
        EXCLUDE,
        INCLUDE,
        ONLY;

        /** {@code unknown=} of the API: false, true or only (absent: null, read as false). */
        public static Unknowns fromString(String text) {
            return switch (text) {
                case "false" -> EXCLUDE;
                case "true" -> INCLUDE;
                case "only" -> ONLY;
                default -> throw new IllegalArgumentException("not true, false or only: " + text);
            };
        }
    }

    /** Filters of the newest-first list; null fields filter nothing. */
    public record LatestFilter(Long modelId, Long deviceId, Long tagId, Unknowns unknowns, boolean liveOnly) {}

    /**
     * The newest detections matching {@code filter}, newest first, at most {@code limit}, older than
     * the keyset cursor {@code before} ({@code [startMs, id]}, null: from the newest). A tag filter
     * shows that tag only, whatever {@code unknowns} says.
     */
    public List<DetectionView> latest(LatestFilter filter, long[] before, int limit) {
        return run(() -> store.latest(filter, before, limit));
    }

    /** Detections per {@code bucketMs} bucket and tag in the range (the dashboard's stacked chart). */
    public List<DetectionRequests.Bucket> histogram(
            Range range, long bucketMs, Long deviceId, Long modelId, boolean liveOnly) {
        if (bucketMs < 1000 || (range.toMs() - range.fromMs()) / bucketMs > MAX_BUCKETS) {
            throw ProblemException.badRequest(
                    "invalid-bucket",
                    "bucketMs must be at least 1000 and make at most " + MAX_BUCKETS + " buckets over the range");
        }
        return run(() -> store.histogram(range.fromMs(), range.toMs(), bucketMs, deviceId, modelId, liveOnly));
    }

    /**
     * Per tag of {@code modelId}: detections in the range, and the start of its latest detection
     * ever; unknowns as a row with a null tag. {@code liveOnly}: history and labelled detections
     * count for neither.
     */
    public List<DetectionRequests.TagCount> tagCounts(Range range, long modelId, Long deviceId, boolean liveOnly) {
        return run(() -> store.tagCounts(range.fromMs(), range.toMs(), modelId, deviceId, liveOnly));
    }

    /**
     * Per detected tag of {@code modelId}: reviewed detections and the live precision (confirmed /
     * reviewed; null before the first review), for the model page.
     */
    public List<DetectionRequests.TagPrecision> precision(long modelId) {
        return run(() -> store.reviewed(modelId)).stream()
                .map(r -> new DetectionRequests.TagPrecision(
                        r.tagId(),
                        r.tag(),
                        r.confirmed(),
                        r.rejected(),
                        r.confirmed() + r.rejected() == 0
                                ? null
                                : (double) r.confirmed() / (r.confirmed() + r.rejected())))
                .toList();
    }

    /** Score distance to a threshold under which a sound counts as "near the threshold". */
    static final double NEAR_THRESHOLD = 0.05;

    /** Share of the recent sounds, by novelty, that may be listed as never heard before. */
    static final double NOVEL_SHARE = 0.1;

    /** Recent detections the uncertain-sounds list looks through. */
    static final int UNCERTAIN_SCAN = 5000;

    /**
     * The sounds worth labelling for model {@code modelId} (the active model when null) in the last
     * {@code days} days, most useful first: unreviewed, unlabelled segments whose best score is within
     * {@link #NEAR_THRESHOLD} of its tag's threshold (closest first: a label there moves the decision
     * the model is least sure of), and the {@link #NOVEL_SHARE} most novel ones (unlike every tag and
     * the background: a kind of sound the model never heard). Empty without a model.
     */
    public List<DetectionRequests.UncertainSound> uncertain(Long modelId, int days, int limit) {
        LoadedModel model;
        if (modelId == null) {
            model = models.active().orElse(null);
            if (model == null) {
                return List.of();
            }
        } else {
            model = models.byId(modelId);
        }
        Map<String, Double> thresholds = new java.util.HashMap<>();
        model.thresholds().forEach(t -> thresholds.put(t.name(), t.threshold()));
        java.time.Instant from = java.time.Instant.now().minus(java.time.Duration.ofDays(days));
        List<DetectionRepository.Candidate> candidates = run(() -> store.unlabelled(model.id(), from, UNCERTAIN_SCAN));
        double[] novelties = candidates.stream()
                .mapToDouble(DetectionRepository.Candidate::novelty)
                .filter(Double::isFinite)
                .sorted()
                .toArray();
        double novelCut = novelties.length == 0
                ? Double.POSITIVE_INFINITY
                : novelties[Math.min(novelties.length - 1, (int) Math.floor((1 - NOVEL_SHARE) * novelties.length))];
        double novelMax = novelties.length == 0 ? 0 : novelties[novelties.length - 1];
        List<DetectionRequests.UncertainSound> out = new ArrayList<>();
        for (DetectionRepository.Candidate c : candidates) {
            DetectionView d = c.detection();
            Double threshold = thresholds.get(d.bestTag());
            if (threshold == null) {
                continue;
            }
            double margin = d.score() - threshold;
            double near = Math.abs(margin) < NEAR_THRESHOLD ? 1 - Math.abs(margin) / NEAR_THRESHOLD : -1;
            double novel = Double.isFinite(c.novelty()) && c.novelty() >= novelCut && c.novelty() > 0
                    ? 0.5 + 0.5 * (c.novelty() - novelCut) / Math.max(1e-9, novelMax - novelCut)
                    : -1;
            if (near < 0 && novel < 0) {
                continue;
            }
            String reason = near >= novel ? (margin >= 0 ? "just-over-threshold" : "just-under-threshold") : "novel";
            out.add(new DetectionRequests.UncertainSound(
                    d,
                    reason,
                    margin,
                    threshold,
                    Double.isFinite(c.novelty()) ? c.novelty() : null,
                    Math.max(near, novel)));
        }
        out.sort(java.util.Comparator.comparingDouble(DetectionRequests.UncertainSound::priority)
                .reversed()
                .thenComparing(u -> -u.detection().startMs()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** What live detection is doing now. */
    public DetectorStatus status() {
        ActiveModels.State s = models.state();
        List<DetectorStatus.TagThresholdView> thresholds =
                s.model() == null ? List.of() : s.model().thresholds();
        return new DetectorStatus(
                s.state(),
                s.modelId(),
                s.modelName(),
                s.reason(),
                thresholds,
                pipeline.queueDepth(),
                pipeline.backlog(),
                metrics.scoredCount(),
                scorer.lastScoredMs(),
                config.enabled(),
                catchUp(),
                pipeline.threads(),
                pipeline.yielding());
    }

    private DetectorStatus.CatchUp catchUp() {
        long remaining = pipeline.backlog();
        if (remaining == 0) {
            return null;
        }
        long total = Math.max(remaining, pipeline.catchUpTotal());
        return new DetectorStatus.CatchUp(total, total - remaining);
    }

    /** The detection {@code id}, or a 404 problem. */
    public DetectionView get(long id) {
        return run(() -> store.find(id))
                .orElseThrow(() -> ProblemException.notFound("unknown-detection", "no detection with id " + id));
    }

    /** Reviews detection {@code id} by {@code user}; see the class comment. */
    @Transactional
    public DetectionView review(long id, DetectionRequests.Review req, String user) {
        String review = req.review(); // present and "confirmed" or "rejected": DetectionRequests.Review's constraints
        lock(id);
        DetectionView d = get(id);
        Long tagId;
        if (review.equals("confirmed")) {
            if (req.tagId() != null && !req.tagId().equals(d.tagId())) {
                throw ProblemException.badRequest(
                        "tag-with-confirm",
                        "a confirmation keeps the detected tag; " + "reject it and give the right tag instead");
            }
            if (d.tagId() == null) {
                throw ProblemException.conflict(
                        "unknown-not-confirmable",
                        "detection " + id
                                + " matched no tag (unknown): there is nothing to confirm; reject it with the right tag instead");
            }
            tagId = d.tagId();
        } else {
            tagId = req.tagId();
            if (tagId != null) {
                tags.require(tagId);
            }
        }
        DetectionRepository.ReviewState now = run(() -> store.reviewState(id));
        if (review.equals(now.review())
                && java.util.Objects.equals(tagId, now.tagId())
                && (tagId == null) == (now.annotId() == null)) {
            return d; // the same review again: nothing changes (idempotent), not even the reviewer or time
        }
        Long oldAnnot = now.annotId();
        if (oldAnnot != null) {
            annotations.delete(oldAnnot);
        }
        Long annotId = null;
        if (tagId != null) {
            long end = d.startMs() + Math.max(1, d.durationMs());
            long midnight = zone.endMs(zone.dayOf(d.startMs()));
            // annotations stay within one day (the hub's zone): a segment that crosses midnight is annotated up to it
            AnnotationView a = annotations.create(
                    new AnnotationRequests.Create(d.deviceId(), d.startMs(), Math.min(end, midnight), tagId, null),
                    user);
            annotId = a.id();
        }
        Long finalAnnot = annotId;
        run(() -> {
            store.review(id, review, user, tagId, finalAnnot);
            return null;
        });
        return get(id);
    }

    /** Removes the review of detection {@code id} and the annotation it created. */
    @Transactional
    public DetectionView clearReview(long id) {
        lock(id);
        Long annot = run(() -> store.reviewState(id)).annotId();
        run(() -> {
            store.clearReview(id);
            return null;
        });
        if (annot != null) {
            annotations.delete(annot);
        }
        return get(id);
    }

    /**
     * Locks detection {@code id}'s row until the transaction ends (the JTA transaction shares one
     * connection), or a 404 problem: concurrent reviews of one detection wait for each other instead
     * of both replacing the same annotation (which left orphans and failed with 500s).
     */
    private void lock(long id) {
        boolean found = run(() -> store.lock(id));
        if (!found) {
            throw ProblemException.notFound("unknown-detection", "no detection with id " + id);
        }
    }

    /** A repository call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws SQLException;
    }

    static <T> T run(Call<T> action) {
        try {
            return action.run();
        } catch (SQLException e) {
            // never the exception's text: it may quote SQL or the values of the request
            throw io.buddybork.hub.problem.DatabaseFailures.problem("read or review detections", e);
        }
    }
}
