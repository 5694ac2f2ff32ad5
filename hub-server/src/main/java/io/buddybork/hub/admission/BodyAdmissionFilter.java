package io.buddybork.hub.admission;

import io.buddybork.hub.api.ApiPaths;
import io.buddybork.hub.problem.Problems;
import io.buddybork.model.wire.ApiProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Admits request bodies before a byte of them is read, so that slow or unfinished bodies cannot
 * exhaust the hub: each body is booked against a per-client count, a per-address count and a
 * hub-wide byte budget
 * (over either: 429 or 503 with Retry-After and the connection closed, nothing read), and gets a
 * deadline of {@code base + length / min-rate}; a body still incomplete at its deadline is
 * answered with a logged 408 problem and its connection closed. Together with
 * {@code quarkus.rest.input-buffer-size} (bodies are collected on the event loop, never by a
 * blocked worker thread) this bounds both the threads and the heap that bodies can take.
 * Bookings are released when the exchange ends, however it ends. A body over
 * {@code buddybork.body.max-bytes} is refused with a 413 problem first, except on the two routes
 * whose bodies go to disk and are booked only for what they hold in memory: the recording import
 * (Quarkus' own limit follows its {@code buddybork.recordings.max-bytes}) and the model import,
 * whose declared length is held to {@code buddybork.models.max-import-bytes} here (413
 * {@code model-too-large}) and whose length-less bodies are held to it as they are copied
 * ({@code model/ModelService}), so that one limit, with one answer, applies at every size.
 * Thread-safe.
 */
@ApplicationScoped
public class BodyAdmissionFilter {
    private static final Logger LOG = Logger.getLogger(BodyAdmissionFilter.class);

    /** Problem code of a body that did not arrive in time. */
    public static final String BODY_TIMEOUT = "body-timeout";
    /** Problem code when one client has too many unfinished bodies. */
    public static final String CLIENT_BUSY = "too-many-pending-bodies";
    /** Problem code when the hub's body budget is used up. */
    public static final String HUB_BUSY = "hub-busy";
    /** Problem code of a body over {@link AdmissionConfig#maxBodyBytes()}. */
    public static final String TOO_LARGE = "body-too-large";
    /** Budget booked for a body without Content-Length (only non-upload API routes accept those). */
    private static final long UNKNOWN_LENGTH_BOOKING = 1 << 20;
    /**
     * Heap a body streamed to disk (the recording import) holds at most: what
     * {@code quarkus.rest.input-buffer-size} buffers before the resource reads the rest as a stream.
     */
    private static final long STREAMED_BOOKING = 2200L * 1024;

    /** Problem code of a model import over {@code buddybork.models.max-import-bytes} (as model/ModelService answers). */
    public static final String MODEL_TOO_LARGE = "model-too-large";

    private final AdmissionConfig config;
    private final long maxImportBytes;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final PendingBodies pending;

    BodyAdmissionFilter(
            AdmissionConfig config,
            Vertx vertx,
            MeterRegistry registry,
            @ConfigProperty(name = "buddybork.models.max-import-bytes", defaultValue = "268435456")
                    long maxImportBytes) {
        this.config = config;
        this.maxImportBytes = maxImportBytes;
        this.vertx = vertx;
        this.registry = registry;
        this.pending = new PendingBodies(PendingBodies.Limits.of(config));
        Gauge.builder("buddybork.http.pending.bodies", pending, PendingBodies::pendingBodies)
                .description("request bodies admitted and not finished")
                .register(registry);
        Gauge.builder("buddybork.http.pending.body.bytes", pending, PendingBodies::pendingBytes)
                .description("declared bytes of request bodies admitted and not finished")
                .register(registry);
    }

    /** Request bodies admitted and not finished now. */
    public int pendingBodies() {
        return pending.pendingBodies();
    }

    /** Declared bytes of the request bodies admitted and not finished now. */
    public long pendingBytes() {
        return pending.pendingBytes();
    }

    /** The hub-wide byte budget of unfinished bodies ({@code buddybork.body.max-pending-bytes}). */
    public long maxPendingBytes() {
        return pending.maxBytes();
    }

    void register(@Observes Filters filters) {
        // after UploadLimitFilter (100): oversized or length-less uploads are refused without a booking
        filters.register(this::admit, 90);
    }

    private void admit(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long length = declaredLength(request);
        if (length == 0 || request.isEnded()) {
            rc.next();
            return;
        }
        boolean modelImport = ApiPaths.isModelImport(rc.normalizedPath());
        boolean streamed = modelImport || ApiPaths.isRecordingUpload(rc.normalizedPath());
        if (modelImport && length > maxImportBytes) {
            tooLarge(rc, MODEL_TOO_LARGE, "a model file may have at most " + maxImportBytes + " bytes");
            return;
        }
        if (!streamed && length > config.maxBodyBytes()) {
            tooLarge(rc, TOO_LARGE, "a request body may be at most " + config.maxBodyBytes() + " bytes");
            return;
        }
        // a streamed body takes disk, not heap: it is booked for what it holds in memory
        long booked = length < 0 ? UNKNOWN_LENGTH_BOOKING : streamed ? Math.min(length, STREAMED_BOOKING) : length;
        String client = clientKey(rc);
        // Loopback is the reverse proxy without forwarded headers, or a tool on the hub itself:
        // real clients arrive with their own (forwarded) address, so loopback has no per-address share.
        String address = isLoopback(rc) ? null : address(rc);
        PendingBodies.Refusal refusal = pending.tryAdmit(client, address, booked);
        if (refusal != null) {
            refuse(rc, refusal);
            return;
        }
        long timed = length < 0 ? UNKNOWN_LENGTH_BOOKING : length;
        long deadlineMs = config.baseTimeout().toMillis() + timed * 1000 / Math.max(1, config.minBytesPerSecond());
        long startNanos = System.nanoTime();
        AtomicBoolean released = new AtomicBoolean();
        long[] timer = new long[1];
        timer[0] = vertx.setTimer(deadlineMs, id -> {
            if (arrived(request, length) || rc.response().ended() || released.get()) {
                return;
            }
            if (request.bytesRead() == 0) {
                // Nothing delivered yet may mean the hub has not started reading (authentication
                // runs first and can be slow under load): one more deadline, then the same rule.
                timer[0] = vertx.setTimer(deadlineMs, again -> {
                    if (!arrived(request, length) && !rc.response().ended() && !released.get()) {
                        timeOut(rc, length, startNanos);
                    }
                });
                return;
            }
            timeOut(rc, length, startNanos);
        });
        rc.addEndHandler(done -> {
            if (released.compareAndSet(false, true)) {
                vertx.cancelTimer(timer[0]);
                pending.release(client, address, booked);
            }
        });
        rc.next();
    }

    /**
     * Whether the whole body has been received: ended, or as many bytes read as declared (the
     * application may hold the request paused before its end is signalled while it works).
     */
    private static boolean arrived(HttpServerRequest request, long length) {
        return request.isEnded() || (length >= 0 && request.bytesRead() >= length);
    }

    private void timeOut(RoutingContext rc, long length, long startNanos) {
        HttpServerRequest request = rc.request();
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        LOG.warnf(
                "request body too slow: %s %s from %s sent %d of %s bytes in %d ms; answered 408 and closed",
                request.method(),
                rc.normalizedPath(),
                address(rc),
                request.bytesRead(),
                length < 0 ? "?" : Long.toString(length),
                millis);
        registry.counter("buddybork.http.refused.bodies", "reason", BODY_TIMEOUT)
                .increment();
        ApiProblem problem = ApiProblem.of(
                408,
                BODY_TIMEOUT,
                "Request timeout",
                "the request body did not arrive in time: " + request.bytesRead() + " of "
                        + (length < 0 ? "an unknown number of" : Long.toString(length)) + " bytes in " + millis
                        + " ms");
        rc.response()
                .setStatusCode(408)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem))
                .onComplete(ignored -> request.connection().close());
    }

    /**
     * Quarkus' own limit, raised for the recording import, still caps bodies without a
     * Content-Length (it reads them up to the limit it put on the request, then answers a bare
     * 413): put every other route's cap back. The model import keeps Quarkus' (higher) limit, so
     * that its own copy stops a length-less body at {@code max-import-bytes} with a problem. Runs
     * right after Quarkus' limit route, which sets it.
     */
    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(rc -> {
            if (rc.get(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY) != null
                    && !ApiPaths.isRecordingUpload(rc.normalizedPath())
                    && !ApiPaths.isModelImport(rc.normalizedPath())) {
                rc.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, config.maxBodyBytes());
            }
            rc.next();
        });
    }

    private void tooLarge(RoutingContext rc, String code, String detail) {
        registry.counter("buddybork.http.refused.bodies", "reason", code).increment();
        ApiProblem problem = ApiProblem.of(413, code, "Payload too large", detail);
        rc.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem))
                .onComplete(ignored -> rc.request().connection().close());
    }

    private void refuse(RoutingContext rc, PendingBodies.Refusal refusal) {
        ApiProblem problem = refusal == PendingBodies.Refusal.CLIENT_LIMIT
                ? ApiProblem.of(
                        429,
                        CLIENT_BUSY,
                        "Too many requests",
                        "this client already has its share of request bodies in transfer; retry later")
                : ApiProblem.of(
                        503,
                        HUB_BUSY,
                        "Service unavailable",
                        "the hub is receiving too many request bodies now; retry later");
        registry.counter("buddybork.http.refused.bodies", "reason", problem.code())
                .increment();
        if (ApiPaths.isDevicePath(rc.normalizedPath())) {
            registry.counter("buddybork.segments", "outcome", "rejected", "reason", problem.code())
                    .increment();
        }
        rc.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .putHeader("Retry-After", Integer.toString(config.retryAfterSeconds()))
                // the unread body would have to be drained before the connection could be reused
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem))
                .onComplete(ignored -> rc.request().connection().close());
    }

    /** Declared body length: 0 without a body, -1 for a body of unknown length (chunked). */
    private static long declaredLength(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return 0;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Math.max(0, Long.parseLong(length.strip()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null ? -1 : 0;
    }

    /**
     * Whom a body is counted against: its credentials when it carries any (a device token or a
     * user's basic credentials; one device cannot use up another's share), else its address.
     * The value is only a map key, never logged.
     */
    private static String clientKey(RoutingContext rc) {
        String auth = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        return auth != null ? "c:" + auth : "a:" + address(rc);
    }

    private static boolean isLoopback(RoutingContext rc) {
        SocketAddress remote = rc.request().remoteAddress();
        String host = remote == null ? null : remote.hostAddress();
        return host != null && (host.startsWith("127.") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1"));
    }

    private static String address(RoutingContext rc) {
        SocketAddress remote = rc.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
