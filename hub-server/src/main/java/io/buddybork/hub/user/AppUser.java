package io.buddybork.hub.user;

import java.time.OffsetDateTime;

/**
 * One row of table {@code app_user}: a person who signs in to the hub. Read and written only
 * through {@link UserRepository}; only {@link UserService} changes users, so that the password and role
 * rules hold. Carries the password hash, so it never leaves the hub ({@link UserView} does).
 *
 * @param passwordHash bcrypt (cost {@link UserConfig#bcryptCost()} when stored) in modular crypt format
 * @param role {@code admin} or {@code viewer} ({@link Roles}); admins are given the viewer role too at sign-in
 * @param enabled disabled users cannot sign in, whatever the credentials
 * @param sessionVersion bumped to end every session of the user
 */
public record AppUser(
        String username,
        String passwordHash,
        String role,
        boolean enabled,
        int sessionVersion,
        OffsetDateTime created) {}
