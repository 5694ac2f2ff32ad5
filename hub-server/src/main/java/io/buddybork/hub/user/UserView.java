package io.buddybork.hub.user;

import java.time.OffsetDateTime;

/** What callers may know about a user: everything but the password hash. */
public record UserView(String username, String role, boolean enabled, int sessionVersion, OffsetDateTime created) {
    static UserView of(AppUser user) {
        return new UserView(user.username(), user.role(), user.enabled(), user.sessionVersion(), user.created());
    }

    /** Whether the user is an administrator. */
    public boolean admin() {
        return Roles.ADMIN.equals(role);
    }
}
