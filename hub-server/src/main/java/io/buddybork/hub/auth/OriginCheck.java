package io.buddybork.hub.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * Same-origin test for state-changing browser requests that CSRF tokens cannot cover (the login
 * form). Browsers always send {@code Origin} on POST; a request without it is not from a browser
 * page (e.g. curl) and cannot be forged cross-site, so it passes.
 */
final class OriginCheck {

    private OriginCheck() {}

    /** Whether the request's Origin (and Sec-Fetch-Site, if sent) says it came from this site. */
    static boolean sameOrigin(RoutingContext rc) {
        String fetchSite = rc.request().getHeader("Sec-Fetch-Site");
        if (fetchSite != null && fetchSite.equals("cross-site")) {
            return false;
        }
        String origin = rc.request().getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String self = rc.request().scheme() + "://" + rc.request().authority();
        return origin.equalsIgnoreCase(self) || origin.equalsIgnoreCase(withoutDefaultPort(self));
    }

    private static String withoutDefaultPort(String origin) {
        if (origin.startsWith("https://") && origin.endsWith(":443")) {
            return origin.substring(0, origin.length() - 4);
        }
        if (origin.startsWith("http://") && origin.endsWith(":80")) {
            return origin.substring(0, origin.length() - 3);
        }
        return origin;
    }
}
