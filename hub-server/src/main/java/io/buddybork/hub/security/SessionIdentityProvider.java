package io.buddybork.hub.security;

import io.buddybork.hub.user.UserIdentities;
import io.buddybork.hub.user.UserLookup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Restores the user of a form-login session cookie, ahead of the stock JPA provider, and ends the
 * session at once when the user was disabled or their session version moved on (logout, password
 * change, "log out everywhere"): Quarkus' session cookie is stateless, so the version cookie
 * signed at login is compared with the database on every request.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    private final UserLookup users;
    private final SessionSecrets secrets;
    private final SessionCookies cookies;

    SessionIdentityProvider(UserLookup users, SessionSecrets secrets, SessionCookies cookies) {
        this.users = users;
        this.secrets = secrets;
        this.cookies = cookies;
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return SYSTEM_FIRST + 1000;
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
            Optional<UserLookup.SignInFacts> account = users.find(username);
            if (account.isEmpty() || !account.get().enabled() || account.get().sessionVersion() != presented) {
                if (rc != null) {
                    cookies.clear(rc);
                }
                throw new AuthenticationFailedException("session ended");
            }
            return QuarkusSecurityIdentity.builder(UserIdentities.of(account.get()))
                    .addAttribute(SessionAttributes.AUTH_VIA, SessionAttributes.VIA_SESSION)
                    .build();
        });
    }

    private Uni<SecurityIdentity> end(RoutingContext rc, String why) {
        if (rc != null) {
            cookies.clear(rc);
        }
        return Uni.createFrom().failure(new AuthenticationFailedException(why));
    }
}
