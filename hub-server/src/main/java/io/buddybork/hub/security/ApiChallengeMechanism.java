package io.buddybork.hub.security;

import io.buddybork.hub.device.DevicePaths;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Makes unauthenticated API calls answer 401 instead of the login-page redirect that form login
 * would send: it authenticates nothing itself, but is asked for a challenge first. Pages keep the
 * redirect to /login. No WWW-Authenticate header, so browsers never pop up a basic-auth dialog;
 * API clients send basic credentials up front.
 */
@ApplicationScoped
public class ApiChallengeMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        String path = context.normalizedPath();
        // device paths keep the device mechanism's own (Bearer) challenge
        if ((path.startsWith("/api/") && !DevicePaths.isDevicePath(path)) || path.startsWith("/q/")) {
            return Uni.createFrom().item(new ChallengeData(401));
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }
}
