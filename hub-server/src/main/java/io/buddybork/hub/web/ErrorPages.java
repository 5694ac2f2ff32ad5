package io.buddybork.hub.web;

import io.buddybork.hub.api.ApiPaths;
import io.buddybork.hub.problem.RefusalPages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * Styled 403 and 404 pages for people using a browser. The JSON API keeps its problem bodies:
 * {@code /api/...} and {@code /q/...} are never answered here, and neither is a client that does
 * not ask for HTML. Thread-safe (stateless).
 */
@ApplicationScoped
public class ErrorPages implements RefusalPages {

    @Override
    public Optional<String> page(int status, String path, String accept) {
        if (!wantsHtml(path, accept)) {
            return Optional.empty();
        }
        return switch (status) {
            case 403 -> Optional.of(forbidden(path));
            case 404 -> Optional.of(notFound(path));
            default -> Optional.empty();
        };
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(PageContext ctx, int status, String heading, String message, String path);
    }

    /** The HTML of the 403 page for {@code path}. */
    public static String forbidden(String path) {
        return render(
                403,
                "Not for this account",
                "Your account may not open this page. "
                        + "Only admins manage users and devices; ask an admin if you need it.",
                path);
    }

    /** The HTML of the 404 page for {@code path}. */
    public static String notFound(String path) {
        return render(
                404,
                "Page not found",
                "There is no page at this address. It may have been mistyped, " + "or the link is older than this hub.",
                path);
    }

    private static String render(int status, String heading, String message, String path) {
        return Templates.error(
                        PageContext.anonymous("error", status + " " + heading),
                        status,
                        heading,
                        message,
                        path.length() > 200 ? path.substring(0, 200) + "…" : path)
                .render();
    }

    /** Whether a request wants a page for people rather than an API answer. */
    public static boolean wantsHtml(String path, String accept) {
        return !ApiPaths.isApiPath(path) && !path.startsWith("/q/") && accept != null && accept.contains("text/html");
    }

    void register(@Observes Router router) {
        // after every real route (REST, static files, the bundle): only what nobody answered gets here
        router.route().order(Integer.MAX_VALUE - 90).handler(rc -> {
            HttpMethod m = rc.request().method();
            String path = rc.normalizedPath();
            if ((m == HttpMethod.GET || m == HttpMethod.HEAD)
                    && wantsHtml(path, rc.request().getHeader(HttpHeaders.ACCEPT))) {
                rc.response()
                        .setStatusCode(404)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                        .end(notFound(path));
            } else {
                rc.next();
            }
        });
    }
}
