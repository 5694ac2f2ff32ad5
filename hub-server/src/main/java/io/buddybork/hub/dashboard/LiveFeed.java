package io.buddybork.hub.dashboard;

import io.buddybork.hub.device.CaptureStateChanged;
import io.buddybork.hub.ingest.SegmentStored;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Fans out what happens on the hub to every open dashboard: new segments (from the ingest's
 * {@link SegmentStored} event), capture switches, detections (published by live detection), plus a keep-alive every 20 s so proxies keep
 * the stream open. Publishing never blocks the uploader: a slow subscriber drops its oldest events
 * rather than holding anyone up. Thread-safe.
 */
@ApplicationScoped
public class LiveFeed {

    private final BroadcastProcessor<LiveMessage> processor = BroadcastProcessor.create();

    void onSegment(@Observes SegmentStored s) {
        publish(LiveEvent.segment(s.deviceId(), s.rawId(), s.startMs(), s.maxAmp(), s.durationMs()));
    }

    void onCapture(@Observes CaptureStateChanged c) {
        publish(LiveEvent.capture(c.deviceId(), c.enabled()));
    }

    /** Sends {@code event} to every subscriber. */
    public void publish(LiveMessage event) {
        synchronized (processor) {
            processor.onNext(event);
        }
    }

    /** The stream for one subscriber. */
    public Multi<LiveMessage> stream() {
        Multi<LiveMessage> pings =
                Multi.createFrom().ticks().every(Duration.ofSeconds(20)).map(t -> (LiveMessage) LiveEvent.ping());
        Multi<LiveMessage> events = processor.onOverflow().bufferUnconditionally();
        return Multi.createBy()
                .merging()
                .streams(Multi.createFrom().<LiveMessage>item(LiveEvent.ping()), events, pings);
    }
}
