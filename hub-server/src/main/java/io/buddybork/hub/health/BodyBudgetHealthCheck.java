package io.buddybork.hub.health;

import io.buddybork.hub.admission.BodyAdmissionFilter;
import io.buddybork.model.SegmentFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of request-body admission: DOWN while the hub-wide budget of unfinished request
 * bodies ({@code buddybork.body.max-pending-bytes}) has no room left for one largest segment
 * upload, i.e. while uploads are being answered {@code 503 hub-busy}, so that readiness is never UP
 * while honest uploads are refused. Thread-safe (reads the admission ledger).
 */
@Readiness
@ApplicationScoped
public class BodyBudgetHealthCheck implements HealthCheck {

    @Inject
    BodyAdmissionFilter admission;

    @Override
    public HealthCheckResponse call() {
        long pending = admission.pendingBytes();
        long budget = admission.maxPendingBytes();
        var builder = HealthCheckResponse.named("body-budget")
                .withData("pendingBytes", pending)
                .withData("maxPendingBytes", budget)
                .withData("pendingBodies", admission.pendingBodies());
        if (exhausted(pending, budget)) {
            return builder.down()
                    .withData("error", "request bodies in transfer hold the body budget: uploads are refused 503")
                    .build();
        }
        return builder.up().build();
    }

    /** Whether a budget of {@code budget} bytes with {@code pending} booked cannot take one largest upload. */
    static boolean exhausted(long pending, long budget) {
        return budget - pending < SegmentFormat.MAX_UPLOAD_BYTES;
    }
}
