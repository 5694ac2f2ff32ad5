package io.buddybork.hub.auth;

import io.buddybork.hub.user.AppUser;
import io.buddybork.hub.user.UserRepository;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The only provider of identities restored from the form-login session cookie (Quarkus decrypts
 * the cookie and asks with a {@link TrustedAuthenticationRequest}): it ends the session at once
 * when the user was deleted or disabled ({@link UserIdentities#requireUsable}) or their session
 * version moved on (logout, password change, "log out everywhere"). Quarkus' session cookie is
 * stateless, so the version cookie signed at login is compared with the database on every
 * request. Being the only provider of its request type, it needs no priority.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    private final UserRepository users;
    private final SessionSecrets secrets;
    private final SessionCookies cookies;

    SessionIdentityProvider(UserRepository users, SessionSecrets secrets, SessionCookies cookies) {
        this.users = users;
        this.secrets = secrets;
        this.cookies = cookies;
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        String username = request.getPrincipal();
        Cookie versionCookie = rc == null ? null : rc.request().getCookie(SessionCookies.VERSION_COOKIE);
        int presented = versionCookie == null ? -1 : secrets.verifiedVersion(username, versionCookie.getValue());
        if (presented < 0) {
            return end(rc, "session without a valid version cookie");
        }
        return context.runBlocking(() -> {
            Optional<AppUser> account = users.findForSignIn(username);
            try {
                AppUser user = UserIdentities.requireUsable(account);
                if (user.sessionVersion() != presented) {
                    throw new AuthenticationFailedException("session ended");
                }
                return UserIdentities.of(user, SessionAttributes.VIA_SESSION);
            } catch (AuthenticationFailedException e) {
                if (rc != null) {
                    cookies.clear(rc);
                }
                throw e;
            }
        });
    }

    private Uni<SecurityIdentity> end(RoutingContext rc, String why) {
        if (rc != null) {
            cookies.clear(rc);
        }
        return Uni.createFrom().failure(new AuthenticationFailedException(why));
    }
}
