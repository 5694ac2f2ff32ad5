package io.buddybork.hub.health;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Supplier;

/**
 * Anonymous liveness and readiness on the public HTTP port, {@code /q/health/live} and
 * {@code /q/health/ready}: 200 {@code {"status":"UP"}} or 503 {@code {"status":"DOWN"}} and
 * nothing else. The detailed reports (checks, data path, free bytes) and the metrics live on the
 * management interface, which listens on localhost only (docs/operations.md).
 */
@ApplicationScoped
public class PublicHealthRoutes {

    /** Public liveness path. */
    public static final String LIVE = "/q/health/live";
    /** Public readiness path. */
    public static final String READY = "/q/health/ready";

    private final SmallRyeHealthReporter reporter;

    PublicHealthRoutes(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    void routes(@Observes Router router) {
        router.get(LIVE).blockingHandler(rc -> answer(rc, reporter::getLiveness), false);
        router.get(READY).blockingHandler(rc -> answer(rc, reporter::getReadiness), false);
    }

    private static void answer(RoutingContext rc, Supplier<SmallRyeHealth> check) {
        boolean down;
        try {
            down = check.get().isDown();
        } catch (RuntimeException e) {
            down = true;
        }
        rc.response()
                .setStatusCode(down ? 503 : 200)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(down ? "{\"status\":\"DOWN\"}" : "{\"status\":\"UP\"}");
    }
}
