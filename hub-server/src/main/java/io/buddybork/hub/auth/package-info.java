/**
 * Authentication and authorisation of every request to the hub: who is calling (a user or a
 * capture device) and whether the session may act. Features only name roles
 * ({@code user.Roles} in {@code @RolesAllowed}); everything else about signing in lives here.
 *
 * <h2>Request flow</h2>
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}): it runs when a resource
 * needs the caller, so refusals are answered by our exception mappers in the shape the caller
 * expects. Quarkus asks the HTTP mechanisms for credentials; each recognises one kind and one
 * identity provider checks it (one provider per kind, so no provider order matters):
 * <ol>
 *   <li><b>Session cookie</b> (pages and their scripts): Quarkus' form mechanism decrypts the
 *       {@code buddybork-session} cookie; {@link io.buddybork.hub.auth.SessionIdentityProvider}
 *       re-reads the user on every request and ends the session when the user is gone or disabled
 *       or the signed session-version cookie is stale (logout, password change). State-changing
 *       calls made this way also need the CSRF token ({@link io.buddybork.hub.auth.CsrfFilter}).
 *   <li><b>Form login</b> ({@code POST /login}) and <b>HTTP basic</b> (users' API clients):
 *       {@link io.buddybork.hub.auth.PasswordIdentityProvider} checks the Origin of login forms,
 *       throttles attempts ({@link io.buddybork.hub.auth.LoginRateLimiter}: growing delays, and a
 *       browser's signed {@code buddybork-device} cookie from an earlier sign-in counted on its
 *       own; the counts are in the database, shared by every hub) and has {@link io.buddybork.hub.auth.PasswordVerifier} check the bcrypt hash; a form
 *       login then gets its session cookies and a renewed device cookie. Basic credentials are
 *       never remembered in a session.
 *   <li><b>Bearer device token</b>: {@link io.buddybork.hub.auth.DeviceTokenAuthMechanism} reads it
 *       on the device paths only (segment upload, capture state), so a device token opens nothing
 *       else; {@link io.buddybork.hub.auth.DeviceIdentityProvider} grants the {@code device} role and
 *       no other. Users never get that role.
 * </ol>
 * A request without credentials is anonymous until a resource refuses it. Which challenge it then
 * gets is decided by {@link io.buddybork.hub.auth.ApiChallengeMechanism}, the one mechanism with a
 * priority ({@code ASKED_FIRST}), because the first mechanism that answers a challenge wins and only
 * it knows API calls from pages.
 *
 * <h2>What a refusal looks like</h2>
 * <ul>
 *   <li>{@code /api/...}: 401 {@code application/problem+json} with {@code WWW-Authenticate: Basic}
 *       (or {@code Bearer} on the device paths) from {@link io.buddybork.hub.auth.AuthRefusals};
 *       403 problem+json for a role that does not fit and for a missing or wrong CSRF token; 429
 *       with {@code Retry-After} for a throttled basic login; 503 when the database cannot check
 *       credentials (never a 401 for good credentials). Page scripts get no {@code WWW-Authenticate}
 *       (web.SecurityHeaders), so the browser never shows its own password dialog.
 *   <li>Pages: a redirect to {@code /login} that remembers the page asked for, so that the login
 *       returns there; the styled 403 page for a role that does not fit; a throttled or
 *       cross-site login form gets the login page with the reason (429, 403) through
 *       {@link io.buddybork.hub.auth.LoginRefusalPage}, implemented by the web package.
 * </ul>
 *
 * <h2>Dependencies</h2>
 * This package uses {@code user} (accounts, roles), {@code device} (token lookup, device paths),
 * {@code cluster} (one throttle sweep at a time) and {@code problem}; {@code web} uses this package, never the other way round. What it needs
 * from Quarkus beyond the documented API is in {@link io.buddybork.hub.auth.QuarkusSecurityInternals}.
 */
package io.buddybork.hub.auth;
