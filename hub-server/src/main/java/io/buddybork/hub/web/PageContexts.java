package io.buddybork.hub.web;

import io.buddybork.hub.auth.SessionAttributes;
import io.buddybork.hub.auth.SessionSecrets;
import io.buddybork.hub.user.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Builds the {@link PageContext} of the current request from the signed-in identity. */
@RequestScoped
public class PageContexts {

    @Inject
    SecurityIdentity identity;

    @Inject
    SessionSecrets secrets;

    /** Context for page {@code page} titled {@code title}. */
    public PageContext of(String page, String title) {
        String user = identity.getPrincipal().getName();
        String csrf = secrets.csrfToken(user, SessionAttributes.sessionVersion(identity));
        return new PageContext(user, identity.hasRole(Roles.ADMIN), csrf, page, title);
    }
}
