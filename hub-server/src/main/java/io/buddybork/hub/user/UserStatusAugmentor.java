package io.buddybork.hub.user;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Re-checks user identities that did not come from {@link UserPasswordIdentityProvider} (for
 * example identities restored from a form-login cookie): a disabled or deleted user is refused,
 * and the roles are taken from the current role column (admins get the viewer role too). Device
 * identities and anonymous requests pass untouched.
 */
@ApplicationScoped
public class UserStatusAugmentor implements SecurityIdentityAugmentor {

    @Inject
    UserLookup users;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()
                || identity.getAttribute(UserIdentities.CHECKED_ATTRIBUTE) != null
                || identity.hasRole(Roles.DEVICE)) {
            return Uni.createFrom().item(identity);
        }
        String username = identity.getPrincipal().getName();
        return context.runBlocking(() -> {
            var facts = users.find(username).orElseThrow(() -> new AuthenticationFailedException("unknown user"));
            if (!facts.enabled()) {
                throw new AuthenticationFailedException("user is disabled");
            }
            return io.quarkus.security.runtime.QuarkusSecurityIdentity.builder(identity)
                    .addRoles(UserIdentities.rolesFor(facts.role()))
                    .addAttribute(UserIdentities.SESSION_VERSION_ATTRIBUTE, facts.sessionVersion())
                    .addAttribute(UserIdentities.CHECKED_ATTRIBUTE, Boolean.TRUE)
                    .build();
        });
    }
}
