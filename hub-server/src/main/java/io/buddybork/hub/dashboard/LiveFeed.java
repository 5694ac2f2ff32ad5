package io.buddybork.hub.dashboard;

import io.buddybork.hub.device.CaptureStateChanged;
import io.buddybork.hub.ingest.SegmentStored;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.model.wire.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fans out what happens on the hub to every open dashboard: new segments (from the ingest's
 * {@link SegmentStored} event), capture switches, detections (published by live detection), plus a
 * keep-alive every 20 s so proxies keep the stream open. What other hubs of the same database
 * publish arrives through {@link LiveRelay}, so every hub's dashboards see every event.
 *
 * <p>Bounded: at most {@link LiveConfig#maxStreamsPerUser()} streams per user and
 * {@link LiveConfig#maxStreams()} in all (more are refused with 429), and each stream holds at
 * most {@link LiveConfig#bufferEvents()} unsent events. A stream whose client does not read that
 * fast is closed rather than trimmed: a dashboard that silently lost events would show wrong
 * counts, while a closed one reconnects and reloads its state. So publishing never blocks the
 * uploader and a slow client costs a bounded amount of memory. Thread-safe.
 */
@ApplicationScoped
public class LiveFeed {

    /** Problem code of a stream refused over a cap. */
    public static final String TOO_MANY_STREAMS = "too-many-streams";

    private final BroadcastProcessor<LiveMessage> processor = BroadcastProcessor.create();
    private final LiveConfig config;
    private final StreamSlots slots;
    private final MeterRegistry registry;
    private final Counter slowClosed;
    private final LiveRelay relay;

    LiveFeed(LiveConfig config, MeterRegistry registry, LiveRelay relay) {
        this.config = config;
        this.relay = relay;
        this.registry = registry;
        this.slots = new StreamSlots(config.maxStreamsPerUser(), config.maxStreams());
        Gauge.builder("buddybork.live.streams", slots, StreamSlots::open)
                .description("live feed streams open")
                .register(registry);
        this.slowClosed = Counter.builder("buddybork.live.slow.closed")
                .description("live feed streams closed because their client fell " + "buffer-events behind")
                .register(registry);
    }

    void onSegment(@Observes SegmentStored s) {
        publish(LiveEvent.segment(s.deviceId(), s.rawId(), s.startMs(), s.maxAmp(), s.durationMs()));
    }

    void onCapture(@Observes CaptureStateChanged c) {
        publish(LiveEvent.capture(c.deviceId(), c.enabled()));
    }

    /** Sends {@code event} to every subscriber of this hub and, through {@link LiveRelay}, of every other hub. */
    public void publish(LiveMessage event) {
        deliver(event);
        relay.send(event);
    }

    /** Sends {@code event} to this hub's subscribers only (it came from another hub). */
    void deliver(LiveMessage event) {
        synchronized (processor) {
            processor.onNext(event);
        }
    }

    /** An open stream: its events and the idempotent release of its booking. */
    public record Booked(Multi<LiveMessage> events, Runnable release) {}

    /**
     * Opens a stream for {@code user}, booked against the caps until the stream ends however it
     * ends (the caller also runs {@link Booked#release()} when its HTTP exchange ends, for an
     * exchange that ends before the stream was subscribed); {@code close} is run when the client
     * fell too far behind and its connection must be dropped. Over a cap: a 429
     * {@link ProblemException} with Retry-After, nothing booked.
     */
    public Booked open(String user, Runnable close) {
        StreamSlots.Refusal refusal = slots.tryAcquire(user);
        if (refusal != null) {
            registry.counter("buddybork.live.refused", "reason", refusal.name().toLowerCase(java.util.Locale.ROOT))
                    .increment();
            String detail = refusal == StreamSlots.Refusal.USER_LIMIT
                    ? "this user already has " + config.maxStreamsPerUser()
                            + " live streams open; close one (another tab) or retry later"
                    : "the hub already has " + config.maxStreams() + " live streams open; retry later";
            throw new ProblemException(
                    ApiProblem.of(429, TOO_MANY_STREAMS, "Too many requests", detail),
                    Map.of("Retry-After", Integer.toString(config.retryAfterSeconds())),
                    null);
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                slots.release(user);
            }
        };
        try {
            Multi<LiveMessage> events = stream()
                    .onFailure(BackPressureFailure.class)
                    .invoke(() -> {
                        slowClosed.increment();
                        close.run();
                    })
                    .onFailure(BackPressureFailure.class)
                    .recoverWithCompletion()
                    .onTermination()
                    .invoke(release);
            return new Booked(events, release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** Streams open now. */
    public int openStreams() {
        return slots.open();
    }

    /** The stream for one subscriber, its unsent events bounded (overflow fails it with {@link BackPressureFailure}). */
    private Multi<LiveMessage> stream() {
        Multi<LiveMessage> pings =
                Multi.createFrom().ticks().every(Duration.ofSeconds(20)).map(t -> (LiveMessage) LiveEvent.ping());
        // The buffer sits after the merge, which then always has demand: its own per-source
        // queues stay empty and this buffer is the only place events wait. The merge subscribes in
        // this order, so the opening ping comes after the processor's subscription: a client that
        // has read it gets every event published afterwards (events before it are not replayed).
        return Multi.createBy()
                .merging()
                .streams(processor, Multi.createFrom().<LiveMessage>item(LiveEvent.ping()), pings)
                .onOverflow()
                .buffer(config.bufferEvents());
    }
}
