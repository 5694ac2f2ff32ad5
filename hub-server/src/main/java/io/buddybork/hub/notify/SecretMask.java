package io.buddybork.hub.notify;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Masks secrets before they are shown: a URL keeps its scheme, host and port and the first
 * characters of its path (an ntfy topic or a token in the path is a password), query values and
 * user info become {@code ****}. Stateless.
 */
public final class SecretMask {
    private static final String STARS = "****";

    private SecretMask() {}

    /** {@code url} with its secrets masked; {@code ****} alone when it does not parse. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return STARS;
            }
            StringBuilder out = new StringBuilder(u.getScheme()).append("://");
            if (u.getRawUserInfo() != null) {
                out.append(STARS).append('@');
            }
            out.append(u.getHost());
            if (u.getPort() >= 0) {
                out.append(':').append(u.getPort());
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            // at most a third of the path, and never more than 3 characters after the first slash
            int keep = Math.min(Math.min(4, path.length()), Math.max(1, path.length() / 3));
            out.append(path, 0, Math.min(keep, path.length()));
            if (path.length() > keep) {
                out.append(STARS);
            }
            if (u.getRawQuery() != null) {
                out.append('?');
                String[] pairs = u.getRawQuery().split("&");
                for (int i = 0; i < pairs.length; i++) {
                    int eq = pairs[i].indexOf('=');
                    out.append(i > 0 ? "&" : "").append(eq < 0 ? STARS : pairs[i].substring(0, eq + 1) + STARS);
                }
            }
            return out.toString();
        } catch (URISyntaxException e) {
            return STARS;
        }
    }
}
