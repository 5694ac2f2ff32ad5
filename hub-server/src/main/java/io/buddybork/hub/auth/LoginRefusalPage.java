package io.buddybork.hub.auth;

/**
 * The login page showing why a login form was refused (429 throttled, 403 posted from another
 * site). Implemented by the web package, which owns the templates, so that auth does not depend
 * on the pages that depend on it.
 */
public interface LoginRefusalPage {

    /** The HTML of the login page with {@code message} as the reason. */
    String render(String message);
}
