package io.buddybork.hub.episode;

import io.buddybork.hub.detect.DetectionService;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of the episode API: lists by time (paged like detections), the newest episodes, one
 * episode, rebuilds of a range and per-tag summaries of a period with their timeline. Ranges and
 * filters are checked as the detection API checks them (same problems). Thread-safe.
 */
@ApplicationScoped
public class EpisodeService {
    /** Most episodes a summary's timeline carries. */
    public static final int TIMELINE_MAX = 2000;

    @Inject
    EpisodeRepository store;

    @Inject
    EpisodeTracker tracker;

    @Inject
    HubZone zone;

    /**
     * Episodes reaching into {@code [fromMs, toMs)}, by start then id, after the cursor
     * ({@code [startMs, id]}), at most {@code limit}; null filters filter nothing.
     */
    public List<EpisodeView> list(DetectionService.Range range, Long deviceId, Long tagId, long[] after, int limit) {
        return run(() -> store.between(range.fromMs(), range.toMs(), deviceId, tagId, after, limit));
    }

    /** The newest episodes (by start), at most {@code limit}, optionally of one device. */
    public List<EpisodeView> latest(Long deviceId, int limit) {
        return run(() -> store.latest(deviceId, limit));
    }

    /** Episode {@code id}, or a 404 problem. */
    public EpisodeView get(long id) {
        return run(() -> store.find(id))
                .orElseThrow(() -> ProblemException.notFound("unknown-episode", "no episode with id " + id));
    }

    /** Recomputes the episodes of the range from the detections (see {@link EpisodeTracker#rebuild}). */
    public EpisodeTracker.Rebuilt rebuild(DetectionService.Range range) {
        try {
            return tracker.rebuild(range.fromMs(), range.toMs());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw DatabaseFailures.problem("rebuild episodes", sql);
            }
            throw e;
        }
    }

    /**
     * The summary of {@code [fromMs, toMs)}: per tag the episodes that started in it, their total and
     * longest duration, and the timeline of those episodes.
     */
    public EpisodeSummary summary(long fromMs, long toMs) {
        List<EpisodeView> all = run(() -> store.startedBetween(fromMs, toMs));
        Map<Long, long[]> totals = new LinkedHashMap<>(); // tagId -> episodes, totalMs, longestStart, longestMs
        Map<Long, EpisodeView> longest = new LinkedHashMap<>();
        for (EpisodeView e : all) {
            long[] t = totals.computeIfAbsent(e.tagId(), k -> new long[2]);
            t[0]++;
            t[1] += e.durationMs();
            EpisodeView l = longest.get(e.tagId());
            if (l == null || e.durationMs() > l.durationMs()) {
                longest.put(e.tagId(), e);
            }
        }
        List<EpisodeSummary.TagTotal> tags = new ArrayList<>();
        totals.forEach((tagId, t) -> {
            EpisodeView l = longest.get(tagId);
            tags.add(new EpisodeSummary.TagTotal(
                    tagId, l.tag(), t[0], t[1], l.startMs(), l.durationMs(), l.deviceName()));
        });
        tags.sort(Comparator.comparingLong(EpisodeSummary.TagTotal::totalMs)
                .reversed()
                .thenComparing(EpisodeSummary.TagTotal::tag));
        List<EpisodeSummary.Band> timeline = all.stream()
                .limit(TIMELINE_MAX)
                .map(e -> new EpisodeSummary.Band(e.id(), e.tagId(), e.tag(), e.deviceId(), e.startMs(), e.endMs()))
                .toList();
        return new EpisodeSummary(fromMs, toMs, zone.id(), tags, timeline, all.size() > TIMELINE_MAX);
    }

    /** A repository call whose failure is a problem the API answers. */
    interface Call<T> {
        T run() throws SQLException;
    }

    static <T> T run(Call<T> action) {
        try {
            return action.run();
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read episodes", e);
        }
    }
}
