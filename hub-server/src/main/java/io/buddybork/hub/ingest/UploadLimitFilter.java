package io.buddybork.hub.ingest;

import io.buddybork.hub.device.DevicePaths;
import io.buddybork.hub.problem.Problems;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wire.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses a segment upload whose {@code Content-Length} exceeds 2 MiB with 413 before a byte of
 * the body is read (the resource also caps streamed bodies without a length).
 */
@ApplicationScoped
public class UploadLimitFilter {
    /** Problem code of an oversized upload. */
    public static final String TOO_LARGE = "body-too-large";

    @Inject
    MeterRegistry registry;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && rc.normalizedPath().startsWith(DevicePaths.SEGMENTS_PREFIX) && tooLong(length)) {
                registry.counter("buddybork.segments", "outcome", IngestMetrics.REJECTED, "reason", TOO_LARGE).increment();
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(Json.encode(tooLarge()));
                return;
            }
            rc.next();
        }, 100);
    }

    /** The 413 problem. */
    public static ApiProblem tooLarge() {
        return ApiProblem.of(413, TOO_LARGE, "Payload too large",
                "a segment upload may be at most " + SegmentFormat.MAX_UPLOAD_BYTES + " bytes");
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > SegmentFormat.MAX_UPLOAD_BYTES;
        } catch (NumberFormatException e) {
            return true; // a lying or garbled length is refused too
        }
    }
}
