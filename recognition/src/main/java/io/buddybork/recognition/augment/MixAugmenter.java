package io.buddybork.recognition.augment;

import io.buddybork.model.wav.PcmAudio;
import io.buddybork.recognition.cache.FeatureCache;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.TrainingSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Background-mix augmentation of a training set ({@link ModelConfig#mixes()} per labelled example):
 * each mix is a labelled example's audio, circularly shifted, plus a random stretch of a random
 * background clip at a random signal-to-background ratio, at a random gain
 * ({@link BackgroundMix}); its feature vector joins the set with the example's tag, group and time,
 * marked {@link TrainingSet#augmented()}. Mixes are drawn in example order from one seeded
 * generator, so the result is deterministic for a set, audio, configuration and seed whatever the
 * thread count. Thread-safe (stateless apart from the shared extractor and cache).
 */
public final class MixAugmenter {

    /**
     * Audio of one training example or background clip.
     *
     * @param id stable identity of the audio (for example device + start time + window), used in
     *     feature cache keys; must change when the audio does
     * @param pcm the samples
     */
    public record Source(String id, PcmAudio pcm) {}

    /** One planned mix. */
    private record Mix(int example, int background, int offset, int shift, double snrDb, double gainDb) {}

    private final FeatureExtractor extractor;
    private final FeatureCache cache;
    private final int threads;

    /**
     * @param extractor featurises the mixes (the extractor of the training set's vectors)
     * @param cache may be {@code null}; mixes are cached under ids made of both sources' ids and the
     *     mix parameters
     * @param threads featurisation threads (at least 1)
     */
    public MixAugmenter(FeatureExtractor extractor, FeatureCache cache, int threads) {
        this.extractor = extractor;
        this.cache = cache;
        this.threads = Math.max(1, threads);
    }

    /**
     * {@code set} plus {@code config.mixes()} background mixes of every labelled example that has
     * audio; {@code set} itself when {@code mixes} is 0, no example has audio or no background clip
     * has audio at the example's sample rate.
     *
     * @param examples audio per example of {@code set}, in its order ({@code null} entries: not
     *     augmented; background rows are never augmented)
     * @param background background clips to mix in (the owner's unannotated audio from the same
     *     microphone; on the hub, a sample of background segments)
     */
    public TrainingSet augment(
            TrainingSet set, List<Source> examples, List<Source> background, ModelConfig config, long seed) {
        if (examples.size() != set.size()) {
            throw new IllegalArgumentException("audio for " + examples.size() + " examples, the set has " + set.size());
        }
        if (config.mixes() == 0 || background.isEmpty()) {
            return set;
        }
        Random random = new Random(seed);
        List<Mix> plan = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            Source ex = examples.get(i);
            if (set.labels()[i] < 0 || ex == null || ex.pcm().frames() == 0) {
                continue;
            }
            int rate = ex.pcm().sampleRate();
            int[] usable = java.util.stream.IntStream.range(0, background.size())
                    .filter(b -> background.get(b).pcm().sampleRate() == rate
                            && background.get(b).pcm().frames() > 0)
                    .toArray();
            if (usable.length == 0) {
                continue;
            }
            for (int m = 0; m < config.mixes(); m++) {
                int b = usable[random.nextInt(usable.length)];
                int offset = random.nextInt(background.get(b).pcm().frames());
                int shift = random.nextInt(ex.pcm().frames());
                double snr = config.mixSnrMinDb() + random.nextDouble() * (config.mixSnrMaxDb() - config.mixSnrMinDb());
                double gain = (2 * random.nextDouble() - 1) * config.mixGainDb();
                // Rounded so that cache keys are stable and short.
                plan.add(new Mix(i, b, offset, shift, Math.round(snr * 10) / 10.0, Math.round(gain * 10) / 10.0));
            }
        }
        if (plan.isEmpty()) {
            return set;
        }
        float[][] vectors = featurise(plan, examples, background);
        int n = set.size();
        int total = n + plan.size();
        float[][] x = Arrays.copyOf(set.features(), total);
        int[] labels = Arrays.copyOf(set.labels(), total);
        int[] groups = Arrays.copyOf(set.groups(), total);
        Instant[] times = Arrays.copyOf(set.times(), total);
        boolean[] augmented = Arrays.copyOf(set.augmented(), total);
        int[] sessions = Arrays.copyOf(set.sessions(), total);
        for (int j = 0; j < plan.size(); j++) {
            int i = plan.get(j).example();
            x[n + j] = vectors[j];
            labels[n + j] = set.labels()[i];
            groups[n + j] = set.groups()[i];
            times[n + j] = set.times()[i];
            augmented[n + j] = true;
            sessions[n + j] = set.sessions()[i];
        }
        return new TrainingSet(set.tags(), x, labels, groups, times, augmented, sessions);
    }

    private float[][] featurise(List<Mix> plan, List<Source> examples, List<Source> background) {
        float[][] out = new float[plan.size()][];
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "augment");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (Mix m : plan) {
                futures.add(pool.submit(() -> one(m, examples.get(m.example()), background.get(m.background()))));
            }
            for (int j = 0; j < out.length; j++) {
                out[j] = futures.get(j).get();
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("augmentation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("augmentation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private float[] one(Mix m, Source example, Source bg) {
        java.util.function.Supplier<float[]> compute = () -> {
            short[] pcm = BackgroundMix.mix(
                    example.pcm().samples(), bg.pcm().samples(), m.offset(), m.shift(), m.snrDb(), m.gainDb());
            return extractor.extract(pcm, example.pcm().sampleRate());
        };
        if (cache == null || example.id() == null || bg.id() == null) {
            return compute.get();
        }
        String id = String.format(
                Locale.ROOT,
                "mix|%s|%s|%d|%d|%.1f|%.1f",
                example.id(),
                bg.id(),
                m.offset(),
                m.shift(),
                m.snrDb(),
                m.gainDb());
        return cache.get(id, compute);
    }
}
