package io.buddybork.hub.auth;

import io.quarkus.security.identity.SecurityIdentity;

/** Names and readers of the attributes the hub's identity providers put on a {@link SecurityIdentity}. */
public final class SessionAttributes {
    /** How the identity was established: {@link #VIA_SESSION}, {@link #VIA_PASSWORD}. */
    public static final String AUTH_VIA = "buddybork.auth-via";
    /** Authenticated by the browser session cookie (CSRF checks apply). */
    public static final String VIA_SESSION = "session";
    /** Authenticated by user name and password in this very request (HTTP basic or the login form). */
    public static final String VIA_PASSWORD = "password";
    /** The user's session version (Integer) when the identity was established. */
    public static final String SESSION_VERSION = "buddybork.session-version";

    private SessionAttributes() {}

    /** Whether this identity came from the session cookie. */
    public static boolean viaSession(SecurityIdentity identity) {
        return VIA_SESSION.equals(identity.getAttribute(AUTH_VIA));
    }

    /** The session version recorded on the identity, or -1. */
    public static int sessionVersion(SecurityIdentity identity) {
        Object v = identity.getAttribute(SESSION_VERSION);
        return v instanceof Integer i ? i : -1;
    }
}
