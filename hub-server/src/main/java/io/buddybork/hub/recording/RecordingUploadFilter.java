package io.buddybork.hub.recording;

import io.buddybork.hub.api.ApiPaths;
import io.buddybork.hub.problem.Problems;
import io.buddybork.model.wire.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses a recording import whose Content-Length is over {@code buddybork.recordings.max-bytes}
 * with a 413 problem before a byte of it is read (a body without a length is cut off at the same
 * size while it is received).
 */
@ApplicationScoped
public class RecordingUploadFilter {
    /** Problem code of an oversized recording. */
    public static final String TOO_LARGE = "body-too-large";

    @Inject
    RecordingConfig config;

    @Inject
    MeterRegistry registry;

    void register(@Observes Filters filters) {
        // before BodyAdmissionFilter (90) and Quarkus' own limit, which would answer without a body
        filters.register(
                rc -> {
                    if (rc.request().method() == HttpMethod.POST && ApiPaths.isRecordingUpload(rc.normalizedPath())) {
                        long max = config.maxBytes().asLongValue();
                        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                        if (length != null && tooLong(length, max)) {
                            registry.counter("buddybork.http.refused.bodies", "reason", TOO_LARGE)
                                    .increment();
                            rc.response()
                                    .setStatusCode(413)
                                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                                    .putHeader(HttpHeaders.CONNECTION, "close")
                                    .end(Json.encode(tooLarge(max)))
                                    .onComplete(
                                            ignored -> rc.request().connection().close());
                            return;
                        }
                    }
                    rc.next();
                },
                100);
    }

    /** The 413 problem for a limit of {@code max} bytes. */
    static ApiProblem tooLarge(long max) {
        return ApiProblem.of(
                413,
                TOO_LARGE,
                "Payload too large",
                "a recording may be at most " + max + " bytes (buddybork.recordings.max-bytes); split it, or"
                        + " compress it as FLAC");
    }

    private static boolean tooLong(String length, long max) {
        try {
            return Long.parseLong(length.strip()) > max;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
