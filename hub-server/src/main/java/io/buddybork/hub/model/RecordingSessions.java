package io.buddybork.hub.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Groups training examples into recording sessions: the examples of one label whose groups
 * (annotations, background segments) follow each other with less than {@link #GAP} between them.
 * Several annotations of one barking episode are one session; the same tag an hour or a day later
 * is another. Calibration folds and typical scores can then hold out whole sessions
 * ({@code ModelConfig.Grouping.SESSION}), so that held-out examples look like a new recording rather
 * than the next second of the same one. Stateless.
 */
public final class RecordingSessions {

    /** Largest silence between two groups of one label that still counts as one session. */
    public static final Duration GAP = Duration.ofMinutes(30);

    private RecordingSessions() {}

    /**
     * The session of every example. Examples of one group share its session (a group's time span is
     * the union of its examples' spans).
     *
     * @param labels label per example (tag index or background)
     * @param groups group per example
     * @param startMs start per example, epoch milliseconds
     * @param endMs end per example
     * @param gapMs largest gap within a session
     */
    public static int[] of(int[] labels, int[] groups, long[] startMs, long[] endMs, long gapMs) {
        Map<Integer, long[]> span = new HashMap<>();
        Map<Integer, Integer> labelOf = new HashMap<>();
        for (int i = 0; i < groups.length; i++) {
            long[] s = span.computeIfAbsent(groups[i], g -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            s[0] = Math.min(s[0], startMs[i]);
            s[1] = Math.max(s[1], endMs[i]);
            labelOf.putIfAbsent(groups[i], labels[i]);
        }
        Integer[] order = span.keySet().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> {
            int byLabel = Integer.compare(labelOf.get(a), labelOf.get(b));
            if (byLabel != 0) {
                return byLabel;
            }
            int byStart = Long.compare(span.get(a)[0], span.get(b)[0]);
            return byStart != 0 ? byStart : Integer.compare(a, b);
        });
        Map<Integer, Integer> sessionOf = new HashMap<>();
        int session = -1;
        Integer label = null;
        long end = Long.MIN_VALUE;
        for (int g : order) {
            long[] s = span.get(g);
            if (label == null || label.intValue() != labelOf.get(g) || s[0] - end > gapMs) {
                session++;
                label = labelOf.get(g);
                end = s[1];
            } else {
                end = Math.max(end, s[1]);
            }
            sessionOf.put(g, session);
        }
        int[] out = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            out[i] = sessionOf.get(groups[i]);
        }
        return out;
    }
}
