package io.buddybork.hub.auth;

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
 * Decides how an unauthenticated request is challenged, asked before every other mechanism:
 * API calls (except the device paths, which keep the device mechanism's Bearer challenge) and
 * {@code /q/} answer a bare 401, so scripts and API clients are never redirected and browsers never
 * pop up a basic-auth dialog; pages redirect to {@code /login}, remembering the page asked for so
 * that the login returns there. It authenticates nothing itself.
 */
@ApplicationScoped
public class ApiChallengeMechanism implements HttpAuthenticationMechanism {

    /**
     * Asked before every other mechanism, stock ones (form, basic) included: the first mechanism
     * that answers a challenge decides it, and only this one knows which requests are API calls.
     * It authenticates nothing, so being first costs nothing when credentials are checked.
     */
    static final int ASKED_FIRST = Integer.MAX_VALUE;

    private final QuarkusSecurityInternals internals;

    ApiChallengeMechanism(QuarkusSecurityInternals internals) {
        this.internals = internals;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        String path = context.normalizedPath();
        if (DevicePaths.isDevicePath(path)) {
            return Uni.createFrom().nullItem();
        }
        if (path.startsWith("/api/") || path.startsWith("/q/")) {
            return Uni.createFrom().item(new ChallengeData(401));
        }
        if ("GET".equals(context.request().method().name()) && !path.equals("/login")) {
            internals.rememberPageAskedFor(context);
        }
        String login = context.request().scheme() + "://" + context.request().authority() + "/login";
        return Uni.createFrom().item(new ChallengeData(302, "Location", login));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        return ASKED_FIRST;
    }
}
