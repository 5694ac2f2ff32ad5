package io.buddybork.hub.ingest;

import io.buddybork.hub.config.HubConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the segment uploads whose body has arrived and that are not answered yet (queued for a
 * worker or being stored) by {@code buddybork.ingest.max-in-flight} and their bytes by
 * {@code max-in-flight-bytes}. Bodies still in transfer are not counted here (the body admission
 * bounds those, per client), so slow senders cannot take the slots of devices whose bodies have
 * arrived. An upload over the bound is refused at once rather than queued: after a stall, hundreds
 * of queued bodies, each copied several times on its way in, kept the garbage collector busy and
 * every answer slow. Metered as {@code buddybork_ingest_in_flight} and
 * {@code buddybork_ingest_in_flight_bytes}. Thread-safe (one lock around two numbers).
 */
@ApplicationScoped
public class UploadsInFlight {

    /** Problem code of an upload refused because this many are already being handled. */
    public static final String BUSY = "ingest-busy";

    private final int maxUploads;
    private final long maxBytes;
    private int uploads;
    private long bytes;

    @Inject
    UploadsInFlight(HubConfig config, MeterRegistry registry) {
        this(config.ingest().maxInFlight(), config.ingest().maxInFlightBytes());
        Gauge.builder("buddybork.ingest.in.flight", this, UploadsInFlight::uploads)
                .description("segment uploads whose body has arrived and that are not answered yet")
                .register(registry);
        Gauge.builder("buddybork.ingest.in.flight.bytes", this, UploadsInFlight::bytes)
                .description("bytes of the bodies of those uploads")
                .register(registry);
    }

    UploadsInFlight(int maxUploads, long maxBytes) {
        this.maxUploads = Math.max(1, maxUploads);
        this.maxBytes = Math.max(1, maxBytes);
    }

    /** A booked upload; {@link #release()} gives it back, once however often it is called. */
    public final class Slot {
        private final long length;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(long length) {
            this.length = length;
        }

        /** Gives the booking back (idempotent). */
        public void release() {
            if (released.compareAndSet(false, true)) {
                synchronized (UploadsInFlight.this) {
                    uploads = Math.max(0, uploads - 1);
                    bytes = Math.max(0, bytes - length);
                }
            }
        }
    }

    /** Books an upload of {@code length} bytes; null when the bound refuses it (nothing booked). */
    public synchronized Slot tryAcquire(long length) {
        if (refuses(length)) {
            return null;
        }
        uploads++;
        bytes += length;
        return new Slot(length);
    }

    /**
     * Whether an upload of {@code length} bytes would be refused now: asked before its body is
     * read, so that a hub that is behind does not read bodies it would then refuse.
     */
    public synchronized boolean refuses(long length) {
        return uploads >= maxUploads || (uploads > 0 && bytes + length > maxBytes);
    }

    /** Uploads booked now. */
    public synchronized int uploads() {
        return uploads;
    }

    /** Bytes booked now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** The count bound. */
    public int maxUploads() {
        return maxUploads;
    }
}
