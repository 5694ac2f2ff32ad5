package io.buddybork.hub.auth;

import io.buddybork.hub.user.AppUser;
import io.buddybork.hub.user.Roles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides whether a user account may be signed in (it exists and is enabled)
 * and builds its security identity with the roles its role column grants. Both user providers
 * ({@link PasswordIdentityProvider}, {@link SessionIdentityProvider}) read the row on every
 * request and come here, so disabling or deleting a user applies to the next request.
 */
final class UserIdentities {

    private UserIdentities() {}

    /** Roles granted by a role column value: admins are viewers too. */
    static Set<String> rolesFor(String role) {
        return Roles.ADMIN.equals(role) ? Set.of(Roles.ADMIN, Roles.VIEWER) : Set.of(Roles.VIEWER);
    }

    /** The account if it may sign in; otherwise the refusal (unknown or disabled user). */
    static AppUser requireUsable(Optional<AppUser> account) {
        if (account.isEmpty()) {
            throw new AuthenticationFailedException("unknown user");
        }
        if (!account.get().enabled()) {
            throw new AuthenticationFailedException("user is disabled");
        }
        return account.get();
    }

    /** A fresh identity for {@code user}, established {@code via} ({@link SessionAttributes}). */
    static SecurityIdentity of(AppUser user, String via) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username()))
                .addRoles(rolesFor(user.role()))
                .addAttribute(SessionAttributes.SESSION_VERSION, user.sessionVersion())
                .addAttribute(SessionAttributes.AUTH_VIA, via)
                .build();
    }
}
