package io.buddybork.hub.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Makes every redirect the hub sends relative ({@code Location: /login}), so that a forged
 * {@code Host} header (or nginx forwarding one) can never send a browser to another site: the
 * form-login mechanism builds absolute locations from the request's host, both for the login
 * page and for the page to return to after signing in. The hub never redirects off-site, so any
 * absolute location is reduced to its path, query and fragment.
 */
@ApplicationScoped
public class RelativeRedirects {

    /**
     * Any priority works: the filter only registers a headers-end hook, which sees the final
     * headers whatever runs after it.
     */
    private static final int FILTER_PRIORITY = 1000;

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    rc.addHeadersEndHandler(ignored -> {
                        String location = rc.response().headers().get(HttpHeaders.LOCATION);
                        if (location != null) {
                            rc.response().headers().set(HttpHeaders.LOCATION, relative(location));
                        }
                    });
                    rc.next();
                },
                FILTER_PRIORITY);
    }

    /** {@code location} without scheme and authority; {@code /} when it cannot be parsed. */
    static String relative(String location) {
        if (location.startsWith("/") && !location.startsWith("//")) {
            return location;
        }
        try {
            URI uri = new URI(location);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (!path.startsWith("/") || path.startsWith("//")) {
                return "/";
            }
            return path
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
