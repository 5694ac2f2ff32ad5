package io.buddybork.hub.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Adds the browser security headers to every response: a Content-Security-Policy without inline
 * scripts or styles, no framing, no MIME sniffing, a strict referrer policy, no caching of pages
 * and API answers, and HSTS when served over HTTPS. Swagger UI (admin only) needs inline code and
 * gets a relaxed script policy on its own path.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";
    static final String CSP_SWAGGER = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

    /**
     * Route order: ahead of every route that can answer (REST, static files, error pages), so the
     * headers are added to every response; the handler only registers a headers-end hook and
     * passes the request on.
     */
    private static final int BEFORE_EVERY_ANSWER = Integer.MIN_VALUE + 10;

    void install(@Observes Router router) {
        router.route().order(BEFORE_EVERY_ANSWER).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> apply(rc));
        rc.next();
    }

    /** Marker header our page scripts send with every API call. */
    public static final String PAGE_SCRIPT_HEADER = "X-Buddybork-Page";

    private static boolean fromPageScript(RoutingContext rc) {
        String accept = rc.request().getHeader("Accept");
        return rc.request().getHeader(PAGE_SCRIPT_HEADER) != null
                || (accept != null && accept.contains("text/event-stream"));
    }

    private void apply(RoutingContext rc) {
        MultiMap h = rc.response().headers();
        String path = rc.normalizedPath();
        h.set("Content-Security-Policy", path.startsWith("/q/swagger-ui") ? CSP_SWAGGER : CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "same-origin");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        if (rc.request().isSSL()) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
        if (!path.startsWith("/static/") && !h.contains("Cache-Control")) {
            h.set("Cache-Control", "no-store");
        }
        // Page scripts handle 401 themselves (back to /login); a Basic challenge would make the
        // browser pop up its own password dialog instead.
        if (rc.response().getStatusCode() == 401 && fromPageScript(rc)) {
            h.remove("WWW-Authenticate");
        }
    }
}
