package io.buddybork.hub.model;

import static io.buddybork.hub.testing.HubApi.asAdmin;

import io.buddybork.hub.testing.HubApi;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeds days of real-looking audio for model tests: a quiet room with tone bursts (a "beep") and
 * broadband noise bursts (a "hiss") that a model can tell apart, annotated, plus unannotated
 * segments as background. Each seeding uses its own run of days far from other tests' data.
 */
public final class ModelFixtures {
    private static final Random DAYS = new Random();

    private ModelFixtures() {}

    /** What was seeded. */
    public record Scenario(
            long deviceId,
            long toneTag,
            long noiseTag,
            String toneName,
            String noiseName,
            List<LocalDate> days,
            int annotationsPerTagPerDay,
            String deviceToken) {
        public List<String> day(int... indices) {
            List<String> out = new ArrayList<>();
            for (int i : indices) {
                out.add(days.get(i).toString());
            }
            return out;
        }
    }

    /**
     * A run of {@code dayCount} consecutive unused days, with an unused day on either side: a test
     * may check that the day after its days holds nothing, so no other run may start or end there.
     */
    public static LocalDate freshDays(int dayCount) {
        // 2000-2019: away from every other test's data. A random start alone met an earlier run's days
        // once a reused test database held enough runs, so days that already hold data are skipped,
        // and so are runs that touch another (the day after one run was once the first of the next).
        Set<String> used = new HashSet<>(HubApi.asAdmin()
                .get("/api/v1/models/days")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("day", String.class));
        while (true) {
            LocalDate first = LocalDate.of(2000, 1, 1).plusDays(DAYS.nextInt(7000 / dayCount) * (long) dayCount);
            boolean free = true;
            for (int d = -1; d <= dayCount; d++) {
                free &= !used.contains(first.plusDays(d).toString());
            }
            if (free) {
                return first;
            }
        }
    }

    /**
     * Seeds {@code dayCount} days: each day {@code perTag} tone and noise events (half annotated over
     * exactly their segment, half over 1 s near its start, so windows are both aligned and stitched) and
     * {@code quiet} unannotated quiet segments between them. The uploads, then the annotations, are
     * sent a few at a time: each is independent of the others, and on a busy machine a request spends
     * most of its time waiting to be scheduled, not computing.
     */
    public static Scenario seed(int dayCount, int perTag, int quiet) {
        String suffix = Long.toString(System.nanoTime() % 1_000_000);
        HubApi.Device device = HubApi.createDevice("models-" + suffix);
        String toneName = "beep-" + suffix;
        String noiseName = "hiss-" + suffix;
        long tone = tag(toneName);
        long noise = tag(noiseName);
        LocalDate first = freshDays(dayCount);
        List<LocalDate> days = new ArrayList<>();
        List<Runnable> uploads = new ArrayList<>();
        List<Runnable> annotations = new ArrayList<>();
        long seed = 1;
        for (int d = 0; d < dayCount; d++) {
            LocalDate day = first.plusDays(d);
            days.add(day);
            long t = day.atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
            for (int i = 0; i < perTag; i++) {
                for (long tagId : new long[] {tone, noise}) {
                    long event = t;
                    long eventSeed = seed++;
                    uploads.add(() -> HubApi.upload(
                                    device.token(), event, tagId == tone ? tone(eventSeed) : noise(eventSeed))
                            .then()
                            .statusCode(201));
                    boolean aligned = i % 2 == 0;
                    annotations.add(() -> annotate(
                            device.id(), aligned ? event : event + 500, aligned ? event + 3000 : event + 1500, tagId));
                    t += 3000;
                    uploads.add(upload(device, t, quiet(seed++)));
                    t += 3000;
                    t += 60_000; // a gap: the edge dropped silence
                }
            }
            for (int q = 0; q < quiet; q++) {
                uploads.add(upload(device, t, quiet(seed++)));
                t += 3000;
            }
        }
        runAFewAtATime(uploads);
        runAFewAtATime(annotations);
        return new Scenario(device.id(), tone, noise, toneName, noiseName, days, perTag, device.token());
    }

    private static Runnable upload(HubApi.Device device, long startMs, byte[] wav) {
        return () -> HubApi.upload(device.token(), startMs, wav).then().statusCode(201);
    }

    /** Runs {@code requests} four at a time; the first failure is thrown once all have ended. */
    private static void runAFewAtATime(List<Runnable> requests) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable r : requests) {
                done.add(pool.submit(r));
            }
            AssertionError failed = null;
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failed == null) {
                        failed = new AssertionError("a seeding request failed: " + e.getCause(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static long tag(String name) {
        return ((Number) asAdmin()
                        .contentType("application/json")
                        .body(Map.of("name", name))
                        .post("/api/v1/tags")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }

    static void annotate(long device, long start, long end, long tag) {
        asAdmin()
                .contentType("application/json")
                .body(Map.of("deviceId", device, "startMs", start, "endMs", end, "tagId", tag))
                .post("/api/v1/annotations")
                .then()
                .statusCode(201);
    }

    /** A quiet room: low noise with a faint hum. */
    public static byte[] quiet(long seed) {
        return WavCodec.encode(render(seed, 0, 0), SegmentFormat.SAMPLE_RATE);
    }

    /** Tone bursts (pure beeps around 1-2 kHz) over the quiet room. */
    public static byte[] tone(long seed) {
        return WavCodec.encode(render(seed, 1, 9000), SegmentFormat.SAMPLE_RATE);
    }

    /** Hiss bursts (high-passed noise, unlike the room's flat noise floor) over the quiet room. */
    public static byte[] noise(long seed) {
        return WavCodec.encode(render(seed, 2, 9000), SegmentFormat.SAMPLE_RATE);
    }

    private static short[] render(long seed, int kind, int peak) {
        int rate = SegmentFormat.SAMPLE_RATE;
        Random random = new Random(seed);
        double[] x = new double[SegmentFormat.SEGMENT_FRAMES];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian() * 60 + 40 * Math.sin(2 * Math.PI * 50 * i / rate);
        }
        if (kind != 0) {
            double f = 1000 + random.nextInt(1000);
            for (int b = 0; b < 3; b++) {
                int start = (int) ((0.2 + b * 0.9 + random.nextDouble() * 0.1) * rate);
                int len = (int) (0.5 * rate);
                double previous = 0;
                for (int i = 0; i < len && start + i < x.length; i++) {
                    double env = Math.sin(Math.PI * i / len);
                    // a hiss: first difference of white noise (energy rising with frequency), so it is
                    // not just a louder copy of the room's flat noise floor
                    double g = random.nextGaussian();
                    double v = kind == 1 ? Math.sin(2 * Math.PI * f * i / rate) : (g - previous) / 5;
                    previous = g;
                    x[start + i] += env * v * peak;
                }
            }
        }
        short[] s = new short[x.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i])));
        }
        return s;
    }
}
