package io.buddybork.hub.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a 404 problem for {@code /api/...} paths that no resource matched, instead of the
 * framework's plain-text page (the REST layer passes unmatched paths down the router).
 */
@ApplicationScoped
public class ApiNotFoundRoute {

    void register(@Observes Router router) {
        router.route("/api/*")
                .order(Integer.MAX_VALUE - 100)
                .handler(rc -> rc.response()
                        .setStatusCode(404)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                        .end(Json.encode(Problems.forStatus(404, "no such resource: " + rc.normalizedPath()))));
    }
}
