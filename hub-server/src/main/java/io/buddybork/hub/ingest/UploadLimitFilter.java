package io.buddybork.hub.ingest;

import io.buddybork.hub.admission.AdmissionConfig;
import io.buddybork.hub.api.ApiPaths;
import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.problem.Problems;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wire.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guards segment uploads before a byte of the body is read: a {@code Content-Length} over 2 MiB
 * gets 413, a body without a length (chunked) gets 411, a missing or non-WAV Content-Type 415, so the hub never buffers more than 2 MiB
 * for an upload, and while {@link UploadsInFlight} is full an upload gets 503 {@code ingest-busy}
 * with Retry-After at once, its body then read into nothing so that the client can read the answer.
 * Devices send whole files and always know the length.
 */
@ApplicationScoped
public class UploadLimitFilter {
    /** Problem code of an oversized upload. */
    public static final String TOO_LARGE = "body-too-large";
    /** Problem code of an upload without a WAV Content-Type (missing included). */
    public static final String UNSUPPORTED_TYPE = "unsupported-media-type";
    /** Problem code of an upload without Content-Length. */
    public static final String LENGTH_REQUIRED = "length-required";

    /** Refused bodies read into nothing at once, at most (see {@link #answerBusy}). */
    static final int MAX_DRAINING = 16;

    private final AtomicInteger draining = new AtomicInteger();

    @Inject
    MeterRegistry registry;

    @Inject
    UploadsInFlight inFlight;

    @Inject
    HubConfig config;

    @Inject
    AdmissionConfig admission;

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    if (rc.request().method() == HttpMethod.PUT
                            && rc.normalizedPath().startsWith(ApiPaths.SEGMENTS_PREFIX)) {
                        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                        if (length == null) {
                            refuse(
                                    rc,
                                    ApiProblem.of(
                                            411,
                                            LENGTH_REQUIRED,
                                            "Length required",
                                            "send the segment with a Content-Length header (chunked uploads are not accepted)"));
                            return;
                        }
                        if (tooLong(length)) {
                            refuse(rc, tooLarge());
                            return;
                        }
                        if (!isWav(rc.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
                            refuse(
                                    rc,
                                    ApiProblem.of(
                                            415,
                                            UNSUPPORTED_TYPE,
                                            "Unsupported Media Type",
                                            "send the segment with Content-Type: audio/wav (or audio/x-wav, audio/wave, audio/vnd.wave)"));
                            return;
                        }
                        if (inFlight.refuses(Long.parseLong(length.strip()))) {
                            // the hub is behind: refuse before reading a body it could only queue
                            rc.response()
                                    .putHeader(
                                            "Retry-After",
                                            Integer.toString(config.ingest().busyRetryAfterSeconds()));
                            answerBusy(rc, Long.parseLong(length.strip()));
                            return;
                        }
                    }
                    rc.next();
                },
                100);
    }

    private void refuse(RoutingContext rc, ApiProblem problem) {
        count(problem);
        rc.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
        if (rc.request().version() != HttpVersion.HTTP_2) {
            // the unread body would otherwise have to be drained before the connection is reusable
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        rc.response().end(Json.encode(problem));
    }

    /**
     * Answers 503 {@code ingest-busy} at once and then reads the announced body (at most 2 MiB,
     * already checked) into nothing, so that a client still sending it (OkHttp, the edge agent)
     * finishes its write and reads the answer and its Retry-After instead of meeting a reset
     * connection; nothing of it is kept, so the refusal costs no heap. A body that does not arrive
     * within the body deadline ({@code buddybork.body.base-timeout} plus its length at
     * {@code min-bytes-per-second}) ends the connection. At most {@link #MAX_DRAINING} bodies are
     * read so at once: in a storm of uploads (every device reconnecting after a restart) the
     * others end their connection as before rather than make the behind hub read more.
     */
    private void answerBusy(RoutingContext rc, long length) {
        ApiProblem problem = busy(inFlight.maxUploads());
        count(problem);
        HttpServerRequest request = rc.request();
        boolean bodyToCome = !request.isEnded() && length > 0 && request.version() != HttpVersion.HTTP_2;
        boolean drain = bodyToCome && startDraining();
        rc.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .putHeader("Retry-After", Integer.toString(config.ingest().busyRetryAfterSeconds()));
        if (bodyToCome && !drain) {
            // enough bodies are being read into nothing: end the connection rather than read this one
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            rc.response()
                    .end(Json.encode(problem))
                    .onComplete(done -> request.connection().close());
            return;
        }
        rc.response().end(Json.encode(problem));
        if (!drain) {
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                draining.decrementAndGet();
            }
        };
        long deadlineMs =
                admission.baseTimeout().toMillis() + length * 1000 / Math.max(1, admission.minBytesPerSecond());
        long timer = rc.vertx().setTimer(deadlineMs, id -> {
            release.run();
            if (!request.isEnded()) {
                request.connection().close();
            }
        });
        request.handler(ignored -> {});
        request.exceptionHandler(ignored -> {
            release.run();
            rc.vertx().cancelTimer(timer);
        });
        request.endHandler(ended -> {
            release.run();
            rc.vertx().cancelTimer(timer);
        });
        request.resume();
    }

    private boolean startDraining() {
        if (draining.incrementAndGet() <= MAX_DRAINING) {
            return true;
        }
        draining.decrementAndGet();
        return false;
    }

    private void count(ApiProblem problem) {
        registry.counter("buddybork.segments", "outcome", IngestMetrics.REJECTED, "reason", problem.code())
                .increment();
    }

    /** The 413 problem. */
    public static ApiProblem tooLarge() {
        return ApiProblem.of(
                413,
                TOO_LARGE,
                "Payload too large",
                "a segment upload may be at most " + SegmentFormat.MAX_UPLOAD_BYTES + " bytes");
    }

    /** The 503 of an upload refused because {@code max} uploads are being handled already. */
    static ApiProblem busy(int max) {
        return ApiProblem.of(
                503,
                UploadsInFlight.BUSY,
                "Service unavailable",
                "the hub is handling " + max + " uploads already; keep the segment and retry later");
    }

    /** One rule: the Content-Type must name WAV; a missing one is refused like a wrong one. */
    private static boolean isWav(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return java.util.Arrays.asList(SegmentResource.WAV_TYPES).contains(type);
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > SegmentFormat.MAX_UPLOAD_BYTES;
        } catch (NumberFormatException e) {
            return true; // a lying or garbled length is refused too
        }
    }
}
