package io.buddybork.hub.detect;

import java.util.Map;

/**
 * One detection as the API shows it: the segment ({@code rawId}, its device and start), the model,
 * the detected tag (null: unknown) with its score, every tag's score, the review, and whether it
 * is history rather than live: a detection is live unless its segment was stored before the model
 * became active ({@code history}: catch-up or a re-detect job scored it) or was already annotated
 * when it was scored ({@code labelled}: the owner's own label, nothing to review).
 *
 * @param id detection id
 * @param rawId the scored segment
 * @param deviceId its device
 * @param startMs its start (epoch ms, UTC)
 * @param durationMs its length
 * @param modelId the model that scored it
 * @param tag the detected tag's name, or null when no tag's score reached its threshold (unknown)
 * @param tagId the detected tag's id, or null
 * @param score the best tag's score (the candidate's, for an unknown)
 * @param bestTag the best-scoring tag, also for an unknown
 * @param scores every tag's score, by tag name
 * @param review null, "confirmed" or "rejected"
 * @param reviewTag the tag a reviewer gave it (confirm: the detected one; reject: the right one, if given)
 * @param reviewedBy who reviewed it
 * @param history the segment was stored before the model became active
 * @param labelled an annotation covered the segment when it was scored
 */
public record DetectionView(
        long id,
        long rawId,
        long deviceId,
        long startMs,
        int durationMs,
        long modelId,
        String tag,
        Long tagId,
        double score,
        String bestTag,
        Map<String, Double> scores,
        String review,
        String reviewTag,
        String reviewedBy,
        boolean history,
        boolean labelled) {}
