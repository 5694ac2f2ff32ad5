package io.buddybork.hub.auth;

import io.buddybork.hub.device.DevicePaths;
import io.buddybork.hub.problem.Problems;
import io.buddybork.model.wire.ApiProblem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a request that needed a signed-in user or device and had none (or bad credentials), as
 * raised inside the REST layer (authentication is lazy): a 401 problem+json with the right
 * {@code WWW-Authenticate} under {@code /api/} (Bearer on the device paths, Basic elsewhere), and
 * for pages the mechanisms' own challenge, which {@link ApiChallengeMechanism} makes a redirect
 * to {@code /login}. Forbidden (403) stays with {@code problem/ProblemMappers}.
 */
public class AuthRefusals {

    @Inject
    CurrentVertxRequest currentRequest;

    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class})
    public Uni<Response> unauthorized(RuntimeException e) {
        RoutingContext rc = currentRequest.getCurrent();
        if (rc != null && DevicePaths.isApiPath(rc.normalizedPath())) {
            boolean device = DevicePaths.isDevicePath(rc.normalizedPath());
            ApiProblem problem = ApiProblem.of(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    device
                            ? "a valid device token is required: Authorization: Bearer <token>"
                            : "sign in: HTTP basic credentials of a hub user are required");
            return Uni.createFrom()
                    .item(Problems.response(
                            problem,
                            Map.of(
                                    HttpHeaders.WWW_AUTHENTICATE,
                                    device ? "Bearer realm=\"buddybork-devices\"" : "Basic realm=\"buddybork\"")));
        }
        // Pages: let the configured mechanisms answer with their own challenge (the login redirect).
        return QuarkusSecurityInternals.challenge(rc).map(AuthRefusals::challengeResponse);
    }

    private static Response challengeResponse(ChallengeData challenge) {
        if (challenge == null) {
            return Response.status(401).build();
        }
        Response.ResponseBuilder builder = Response.status(challenge.status);
        challenge.getHeaders().forEach((name, value) -> builder.header(name.toString(), value));
        return builder.build();
    }
}
