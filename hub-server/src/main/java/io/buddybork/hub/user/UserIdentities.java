package io.buddybork.hub.user;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.Set;

/** Builds the security identity of a signed-in user with the roles the role column grants. */
public final class UserIdentities {
    /** Identity attribute: the user's session version when the identity was built (Integer). */
    public static final String SESSION_VERSION_ATTRIBUTE = "buddybork.session-version";
    /** Identity attribute present when enabled/role were checked against the database. */
    public static final String CHECKED_ATTRIBUTE = "buddybork.user-checked";

    private UserIdentities() {}

    /** Roles granted by a role column value: admins are viewers too. */
    public static Set<String> rolesFor(String role) {
        return Roles.ADMIN.equals(role) ? Set.of(Roles.ADMIN, Roles.VIEWER) : Set.of(Roles.VIEWER);
    }

    /** A fresh identity for {@code facts}. */
    public static SecurityIdentity of(UserLookup.SignInFacts facts) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(facts.username()))
                .addRoles(rolesFor(facts.role()))
                .addAttribute(SESSION_VERSION_ATTRIBUTE, facts.sessionVersion())
                .addAttribute(CHECKED_ATTRIBUTE, Boolean.TRUE)
                .build();
    }
}
