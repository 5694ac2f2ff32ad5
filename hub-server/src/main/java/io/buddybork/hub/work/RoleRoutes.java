package io.buddybork.hub.work;

import io.buddybork.hub.problem.Problems;
import io.buddybork.model.wire.ApiProblem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses what this node's roles leave out, before any resource or static file answers: without
 * {@code ingest}, device uploads and the agents' capture-state poll get 503 {@code role-disabled}
 * (a proxy tries another node); without {@code web}, every page, static file and user API does.
 * Health and metrics ({@code /q/...}) always answer. Thread-safe (reads only).
 */
@ApplicationScoped
public class RoleRoutes {
    /** Reason code of a request this node's roles do not serve. */
    public static final String ROLE_DISABLED = "role-disabled";

    /** Just behind the security headers (which must still decorate the refusal). */
    private static final int BEFORE_RESOURCES = Integer.MIN_VALUE + 20;

    @Inject
    NodeRoles roles;

    void install(@Observes Router router) {
        if (roles.has(NodeRole.WEB) && roles.has(NodeRole.INGEST)) {
            return; // serves everything: no filter at all
        }
        router.route().order(BEFORE_RESOURCES).handler(this::handle);
    }

    /** The role a request needs, or null when every node serves it. */
    static NodeRole needed(String path) {
        if (path.startsWith("/q/")) {
            return null;
        }
        if (path.equals("/api/v1/segments")
                || path.startsWith("/api/v1/segments/")
                || path.equals("/api/v1/capture-state")
                || path.startsWith("/api/v1/capture-state/")) {
            return NodeRole.INGEST;
        }
        return NodeRole.WEB;
    }

    private void handle(RoutingContext rc) {
        NodeRole role = needed(rc.normalizedPath());
        if (role == null || roles.has(role)) {
            rc.next();
            return;
        }
        ApiProblem problem = ApiProblem.of(
                503,
                ROLE_DISABLED,
                "Service unavailable",
                "this hub node has no '" + role.label() + "' role (BUDDYBORK_ROLES=" + roles.describe()
                        + "); send the request to a node that has it");
        rc.response()
                .setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
