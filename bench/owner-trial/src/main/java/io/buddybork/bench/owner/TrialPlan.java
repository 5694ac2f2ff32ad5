package io.buddybork.bench.owner;

import io.buddybork.bench.owner.Clips.Clip;
import io.buddybork.model.SegmentFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One seeded trial of the owner scenario, decided before the hub is touched: which classes are the
 * owner's targets (labelled), which are everyday background (heard, never labelled) and which are
 * never heard before going live; which clips are history and which live (whole source recordings
 * on one side); and when each clip plays. History plays at one time of day on three past days
 * (two days with labels and background, optionally one day with background only); live plays
 * twelve hours of the day later (by default), ending about a minute before the plan was made. Clips sit on the
 * device's 3 s grid with a slot of silence (nothing uploaded) between them. Immutable.
 *
 * @param history clips on past days, in time order
 * @param live clips played live, in time order
 */
record TrialPlan(
        int index,
        long seed,
        List<String> targets,
        List<String> background,
        List<String> neverHeard,
        List<Placed> history,
        List<Placed> live,
        long liveStartMs,
        long liveEndMs) {

    static final long DAY_MS = 86_400_000L;
    static final long SLOT_MS = SegmentFormat.SEGMENT_MILLIS;

    /** Roles of a class in a trial. */
    enum Role {
        TARGET,
        BACKGROUND,
        NEVER_HEARD
    }

    /** A clip at its place in time; {@code labelled}: the owner annotates it (history targets only). */
    record Placed(Clip clip, Role role, long startMs, boolean labelled) {
        long endMs() {
            return startMs + clip.durationMs();
        }

        LocalDate day() {
            return Instant.ofEpochMilli(startMs).atOffset(ZoneOffset.UTC).toLocalDate();
        }
    }

    /** Sizes and options of the scenario. */
    record Shape(
            int targets,
            int backgroundClasses,
            int minHistory,
            int maxHistory,
            int gapSlots,
            boolean labelFreeDay,
            long liveMarginMs,
            long liveAfterMs) {}

    /** Plans trial {@code index}; {@code nowMs} fixes the live time. */
    static TrialPlan make(int index, long seed, Map<String, List<Clip>> clips, Shape shape, long nowMs) {
        Random rng = new Random(seed * 1_000_003L + index);
        List<String> classes = new ArrayList<>(clips.keySet());
        if (classes.size() < shape.targets() + shape.backgroundClasses() + 1) {
            throw new IllegalArgumentException("need at least " + (shape.targets() + shape.backgroundClasses() + 1)
                    + " classes, the data has " + classes.size());
        }
        Collections.shuffle(classes, rng);
        List<String> targets = List.copyOf(classes.subList(0, shape.targets()));
        List<String> background =
                List.copyOf(classes.subList(shape.targets(), shape.targets() + shape.backgroundClasses()));
        List<String> never = List.copyOf(classes.subList(shape.targets() + shape.backgroundClasses(), classes.size()));

        List<Clip> liveClips = new ArrayList<>();
        List<Clip> targetHistory = new ArrayList<>();
        List<Clip> backgroundHistory = new ArrayList<>();
        Map<Clip, Role> roles = new java.util.IdentityHashMap<>();
        for (String c : targets) {
            List<List<Clip>> sides = splitBySource(clips.get(c), shape.minHistory(), shape.maxHistory(), rng);
            targetHistory.addAll(sides.get(0));
            liveClips.addAll(sides.get(1));
            clips.get(c).forEach(x -> roles.put(x, Role.TARGET));
        }
        for (String c : background) {
            List<List<Clip>> sides = splitBySource(clips.get(c), shape.minHistory(), shape.maxHistory(), rng);
            backgroundHistory.addAll(sides.get(0));
            liveClips.addAll(sides.get(1));
            clips.get(c).forEach(x -> roles.put(x, Role.BACKGROUND));
        }
        for (String c : never) {
            liveClips.addAll(clips.get(c));
            clips.get(c).forEach(x -> roles.put(x, Role.NEVER_HEARD));
        }

        // History days, by days before the live day: 3 and 2 carry labels, 4 background only (optional).
        Map<Integer, List<Clip>> byDay = new TreeMap<>(Comparator.reverseOrder());
        byDay.put(3, new ArrayList<>());
        byDay.put(2, new ArrayList<>());
        for (String c : targets) {
            List<Clip> mine = new ArrayList<>(
                    targetHistory.stream().filter(x -> x.category().equals(c)).toList());
            Collections.shuffle(mine, rng);
            int older = (mine.size() + 1) / 2;
            byDay.get(3).addAll(mine.subList(0, older));
            byDay.get(2).addAll(mine.subList(older, mine.size()));
        }
        List<Clip> bg = new ArrayList<>(backgroundHistory);
        Collections.shuffle(bg, rng);
        int labelFree = shape.labelFreeDay() ? Math.round(bg.size() / 3f) : 0;
        if (labelFree > 0) {
            byDay.put(4, new ArrayList<>(bg.subList(0, labelFree)));
        }
        for (int i = labelFree; i < bg.size(); i++) {
            byDay.get((i - labelFree) % 2 == 0 ? 3 : 2).add(bg.get(i));
        }
        byDay.values().forEach(list -> Collections.shuffle(list, rng));

        // Live: ends a margin before now, on the grid.
        Collections.shuffle(liveClips, rng);
        long liveSpan = span(liveClips, shape.gapSlots());
        long liveStart = floorGrid(nowMs - shape.liveMarginMs() - liveSpan);
        List<Placed> live = place(liveClips, liveStart, shape.gapSlots(), roles, false);
        long liveEnd = live.isEmpty()
                ? liveStart
                : live.get(live.size() - 1).startMs()
                        + live.get(live.size() - 1).clip().slots() * SLOT_MS;

        // History: twelve hours of the day before live, kept inside its UTC day.
        LocalDate liveDay =
                Instant.ofEpochMilli(liveStart).atOffset(ZoneOffset.UTC).toLocalDate();
        long timeOfDay = Math.floorMod(liveStart - shape.liveAfterMs(), DAY_MS);
        long longestDay = byDay.values().stream()
                .mapToLong(l -> span(l, shape.gapSlots()))
                .max()
                .orElse(0);
        if (timeOfDay + longestDay > DAY_MS) {
            timeOfDay = floorGrid(DAY_MS - longestDay - SLOT_MS);
        }
        List<Placed> history = new ArrayList<>();
        for (Map.Entry<Integer, List<Clip>> e : byDay.entrySet()) {
            long start = liveDay.minusDays(e.getKey())
                            .atStartOfDay()
                            .toInstant(ZoneOffset.UTC)
                            .toEpochMilli()
                    + timeOfDay;
            history.addAll(place(e.getValue(), start, shape.gapSlots(), roles, true));
        }
        return new TrialPlan(index, seed, targets, background, never, history, live, liveStart, liveEnd);
    }

    /**
     * Splits a class's clips into history and live with whole source recordings on one side: a
     * random choice among the splits whose history has {@code min..max} clips and live at least one,
     * else among those closest to that.
     */
    static List<List<Clip>> splitBySource(List<Clip> clips, int min, int max, Random rng) {
        Map<String, List<Clip>> groups = new TreeMap<>();
        for (Clip c : clips) {
            groups.computeIfAbsent(c.source(), k -> new ArrayList<>()).add(c);
        }
        List<List<Clip>> g = new ArrayList<>(groups.values());
        if (g.size() > 20) {
            throw new IllegalArgumentException("too many source recordings in one class: " + g.size());
        }
        double want = (min + max) / 2.0;
        List<Integer> best = new ArrayList<>();
        double bestCost = Double.MAX_VALUE;
        for (int mask = 1; mask < (1 << g.size()) - 1; mask++) {
            int n = 0;
            for (int i = 0; i < g.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    n += g.get(i).size();
                }
            }
            double cost = n >= min && n <= max ? 0 : Math.abs(n - want);
            if (cost < bestCost) {
                bestCost = cost;
                best.clear();
            }
            if (cost == bestCost) {
                best.add(mask);
            }
        }
        if (best.isEmpty()) {
            throw new IllegalArgumentException(
                    "class " + clips.get(0).category() + " has a single source recording: it cannot be split");
        }
        int mask = best.get(rng.nextInt(best.size()));
        List<Clip> history = new ArrayList<>();
        List<Clip> live = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            ((mask & (1 << i)) != 0 ? history : live).addAll(g.get(i));
        }
        return List.of(history, live);
    }

    private static List<Placed> place(
            List<Clip> clips, long start, int gapSlots, Map<Clip, Role> roles, boolean history) {
        List<Placed> out = new ArrayList<>();
        long t = start;
        for (Clip c : clips) {
            Role role = roles.get(c);
            out.add(new Placed(c, role, t, history && role == Role.TARGET));
            t += (c.slots() + gapSlots) * SLOT_MS;
        }
        return out;
    }

    private static long span(List<Clip> clips, int gapSlots) {
        return clips.stream().mapToLong(c -> (c.slots() + gapSlots) * SLOT_MS).sum();
    }

    private static long floorGrid(long ms) {
        return Math.floorDiv(ms, SLOT_MS) * SLOT_MS;
    }

    /** The history's days, oldest first. */
    List<LocalDate> historyDays() {
        return history.stream().map(Placed::day).distinct().sorted().toList();
    }
}
