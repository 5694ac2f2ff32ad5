package io.buddybork.hub.user;

/**
 * Role names used in {@code @RolesAllowed}. Admins also carry {@link #VIEWER}, so read endpoints
 * only name the viewer role. {@link #DEVICE} is held by capture devices (bearer token) and by
 * nobody else; device identities carry no other role.
 */
public final class Roles {
    /** Manages devices and users; implies {@link #VIEWER}. */
    public static final String ADMIN = "admin";
    /** Reads segments, charts and audio. */
    public static final String VIEWER = "viewer";
    /** A capture device: uploads segments and reads its capture state, nothing else. */
    public static final String DEVICE = "device";

    private Roles() {}
}
