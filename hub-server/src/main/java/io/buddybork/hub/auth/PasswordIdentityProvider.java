package io.buddybork.hub.auth;

import io.buddybork.hub.problem.InvalidCharacters;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.model.wire.ApiProblem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.spi.runtime.BlockingSecurityExecutor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The only provider of user name + password identities (login form and HTTP basic): it throttles
 * attempts as {@link LoginRateLimiter} rules (429 + Retry-After and a clear message, or a delayed
 * check), refuses login forms posted from another origin (the CSRF token cannot protect the login
 * itself), has {@link PasswordVerifier} check the password, and on a successful form login sets
 * the session-version cookie that lets logout, password changes and disabling end sessions, and
 * renews the device cookie that lets this browser keep signing in while strangers guess.
 * Being the only provider of its request type, it needs no priority.
 */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(PasswordIdentityProvider.class);

    private final PasswordVerifier verifier;
    private final LoginRateLimiter limiter;
    private final SessionSecrets secrets;
    private final SessionCookies cookies;
    private final LoginRefusalPage refusalPage;
    private final LoginThrottleConfig throttle;
    private final BlockingSecurityExecutor blocking;

    PasswordIdentityProvider(
            PasswordVerifier verifier,
            LoginRateLimiter limiter,
            SessionSecrets secrets,
            SessionCookies cookies,
            LoginRefusalPage refusalPage,
            LoginThrottleConfig throttle,
            BlockingSecurityExecutor blocking) {
        this.throttle = throttle;
        this.blocking = blocking;
        this.verifier = verifier;
        this.limiter = limiter;
        this.secrets = secrets;
        this.cookies = cookies;
        this.refusalPage = refusalPage;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        String username = request.getUsername();
        boolean formLogin = rc != null && isLoginPost(rc);
        if (formLogin && !OriginCheck.sameOrigin(rc)) {
            refusePage(rc, 403, "The login form was posted from another site.", null);
            return Uni.createFrom().failure(new AuthenticationFailedException("cross-origin login post"));
        }
        if (InvalidCharacters.hasNul(username)
                || new String(request.getPassword().getPassword()).indexOf('\0') >= 0) {
            // no name or password holds NUL (and PostgreSQL cannot even look one up): a bad request, not a
            // failed login, so it neither counts against the limits nor reaches the database
            if (!formLogin) {
                return Uni.createFrom()
                        .failure(new ProblemException(InvalidCharacters.problem("the user name or password")));
            }
            refusePage(rc, 400, "The user name or password contains a character the hub does not accept.", null);
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid characters"));
        }
        String address = rc == null ? "internal" : ClientAddress.of(rc);
        String nonce = deviceNonce(rc, username);
        String password = new String(request.getPassword().getPassword());
        // Counted before the (slow) bcrypt check, so parallel guesses cannot all pass the limits; the
        // throttle asks the database, so off the event loop.
        return blocking.executeBlocking(() -> limiter.reserve(username, address, nonce))
                .onItem()
                .transformToUni(decision -> decision instanceof LoginRateLimiter.Admitted admitted
                        ? check(context, rc, formLogin, username, address, password, admitted)
                        : refuse(rc, formLogin, (LoginRateLimiter.Refused) decision));
    }

    private Uni<SecurityIdentity> refuse(RoutingContext rc, boolean formLogin, LoginRateLimiter.Refused refused) {
        Duration wait = refused.retryAfter();
        long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
        String detail = "Too many failed logins. Try again in " + humanWait(seconds) + ".";
        if (!formLogin) {
            // API call (HTTP basic): the REST layer turns this into a 429 problem with Retry-After.
            return Uni.createFrom()
                    .failure(new ProblemException(
                            ApiProblem.of(429, "too-many-login-attempts", "Too many login attempts", detail),
                            Map.of("Retry-After", Long.toString(seconds)),
                            null));
        }
        refusePage(rc, 429, detail, seconds);
        return Uni.createFrom().failure(new AuthenticationFailedException("login throttled"));
    }

    private Uni<SecurityIdentity> check(
            AuthenticationRequestContext context,
            RoutingContext rc,
            boolean formLogin,
            String username,
            String address,
            String password,
            LoginRateLimiter.Admitted admitted) {
        Uni<SecurityIdentity> verified = Uni.createFrom()
                .deferred(() -> context.runBlocking(() -> verifyAndReport(username, address, password, admitted)));
        Uni<SecurityIdentity> check = admitted.delay().isZero()
                ? verified
                // a slowed-down user name: wait for the attempt's slot without holding a thread
                : Uni.createFrom()
                        .voidItem()
                        .onItem()
                        .delayIt()
                        .by(admitted.delay())
                        .onItem()
                        .transformToUni(ignored -> verified);
        return check.onItem().transform(identity -> {
            if (formLogin) {
                // the stored spelling, which the session carries: user names are not case-sensitive
                cookies.writeVersion(
                        rc,
                        secrets.versionCookieValue(
                                identity.getPrincipal().getName(), SessionAttributes.sessionVersion(identity)));
                // a fresh nonce on every sign-in: a cookie distrusted after failures is trusted again
                cookies.writeDevice(
                        rc,
                        secrets.newDeviceCookieValue(identity.getPrincipal().getName(), Instant.now()),
                        throttle.deviceCookieMaxAge());
            }
            return identity;
        });
    }

    /** Checks the password and tells the throttle how it went (blocking: both ask the database). */
    private SecurityIdentity verifyAndReport(
            String username, String address, String password, LoginRateLimiter.Admitted admitted) {
        SecurityIdentity identity;
        try {
            identity = UserIdentities.of(verifier.verify(username, password), SessionAttributes.VIA_PASSWORD);
        } catch (AuthenticationFailedException e) {
            limiter.failed(admitted.ticket());
            LOG.debugf("failed login for %s from %s", username, address);
            throw e;
        } catch (RuntimeException e) {
            limiter.undecided(admitted.ticket());
            throw e;
        }
        limiter.succeeded(admitted.ticket());
        return identity;
    }

    /** The nonce of the request's device cookie when it is valid for {@code username}, else null. */
    private String deviceNonce(RoutingContext rc, String username) {
        Cookie device = rc == null ? null : rc.request().getCookie(SessionCookies.DEVICE_COOKIE);
        return device == null
                ? null
                : secrets.verifiedDeviceNonce(
                        username, device.getValue(), Instant.now(), throttle.deviceCookieMaxAge());
    }

    private static boolean isLoginPost(RoutingContext rc) {
        return "POST".equals(rc.request().method().name()) && "/login".equals(rc.normalizedPath());
    }

    /** Answers a refused login form with the login page showing why (the form's own error page says less). */
    private void refusePage(RoutingContext rc, int status, String detail, Long retryAfterSeconds) {
        if (rc.response().ended()) {
            return;
        }
        var response = rc.response()
                .setStatusCode(status)
                .putHeader("Cache-Control", "no-store")
                .putHeader("Content-Type", "text/html; charset=UTF-8");
        if (retryAfterSeconds != null) {
            response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        if (!rc.request().isEnded()) {
            rc.request().resume();
        }
        response.end(refusalPage.render(detail));
    }

    private static String humanWait(long seconds) {
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
