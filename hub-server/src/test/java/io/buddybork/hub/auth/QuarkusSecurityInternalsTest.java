package io.buddybork.hub.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins every piece of Quarkus behaviour that {@link QuarkusSecurityInternals} relies on beyond the
 * documented API, plus the form-login cookie format that only tests need ({@link #sealSessionCookie},
 * {@link #openSessionCookie}). A failure here after a Quarkus upgrade means: re-check
 * {@link QuarkusSecurityInternals} against the new version.
 */
@QuarkusTest
class QuarkusSecurityInternalsTest {

    private static final String ADAPTER =
            "Quarkus changed behaviour that QuarkusSecurityInternals relies on (checked against "
                    + QuarkusSecurityInternals.CHECKED_AGAINST + "): ";
    private static final String PASSWORD = "internals-password-1";

    @Inject
    UserService users;

    @Inject
    QuarkusSecurityInternals internals;

    @Inject
    @Any
    Instance<IdentityProvider<?>> providers;

    private String user;

    @BeforeEach
    void user() {
        user = "internals" + System.nanoTime();
        users.createUser(user, PASSWORD, Roles.VIEWER);
    }

    @Test
    void aRefusedPageGetsTheFormLoginChallengeAndTheLoginReturnsToThatPage() {
        Response refused = given().redirects().follow(false).get("/tags");
        assertThat(refused.statusCode())
                .as(ADAPTER + "challenge(): the HttpAuthenticator is no longer found in the routing context")
                .isEqualTo(302);
        assertThat(refused.header("Location")).as(ADAPTER + "challenge()").endsWith("/login");
        String remembered = refused.cookie(internals.locationCookie());
        assertThat(remembered)
                .as(ADAPTER + "rememberPageAskedFor(): no cookie named by quarkus.http.auth.form.location-cookie")
                .endsWith("/tags");

        Response login = given().redirects()
                .follow(false)
                .header("X-Forwarded-For", WebSessions.freshAddress())
                .cookie(internals.locationCookie(), remembered)
                .formParam("username", user)
                .formParam("password", PASSWORD)
                .post("/login");
        assertThat(login.header("Location"))
                .as(ADAPTER + "rememberPageAskedFor(): the form mechanism no longer returns to the page in that cookie")
                .endsWith("/tags");
    }

    @Test
    void theCsrfTokenIsReadFromAnHtmlFormField() {
        WebSessions.Session s = WebSessions.login(user, PASSWORD);
        Response withoutToken = given().cookies(s.cookies())
                .redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("other", "x")
                .post("/logout");
        assertThat(withoutToken.statusCode())
                .as("a form without the token is refused")
                .isEqualTo(403);
        Response withToken = given().cookies(s.cookies())
                .redirects()
                .follow(false)
                .formParam("csrf-token", s.csrf())
                .post("/logout");
        assertThat(withToken.statusCode())
                .as(ADAPTER + "formField(): the form field csrf-token is no longer read in a request filter")
                .isEqualTo(303);
    }

    @Test
    void theFormLoginCookieHasTheFormatTheTestsForge() throws Exception {
        WebSessions.Session s = WebSessions.login(user, PASSWORD);
        long before = System.currentTimeMillis();
        String[] content =
                openSessionCookie(s.cookies().get(sessionCookieName())).split(":", 2);
        assertThat(content)
                .as(ADAPTER + "the form-login cookie is no longer base64(ivLength, iv, AES-GCM(\"expireIdleMs:user\"))")
                .hasSize(2);
        assertThat(content[1]).as(ADAPTER + "form-login cookie principal").isEqualTo(user);
        assertThat(Long.parseLong(content[0]))
                .as(ADAPTER + "form-login cookie idle deadline")
                .isGreaterThan(before);

        Map<String, String> forged = new HashMap<>(s.cookies());
        forged.put(sessionCookieName(), sealSessionCookie(user, System.currentTimeMillis() + 60_000));
        assertThat(given().cookies(forged).get("/api/v1/tags").statusCode())
                .as(ADAPTER + "a cookie sealed by sealSessionCookie is not accepted")
                .isEqualTo(200);
    }

    @Test
    void eachCredentialTypeHasExactlyOneIdentityProviderSoNoPriorityDecidesAnything() {
        // Quarkus asks providers of a request type in priority order and stops at the first answer
        // (a failure included): with one provider per type there is no order to get wrong.
        Map<String, List<String>> byType = providers.stream()
                .collect(Collectors.groupingBy(
                        p -> p.getRequestType().getName(),
                        Collectors.mapping(p -> p.getClass().getName(), Collectors.toList())));
        assertThat(byType)
                .as("identity providers per request type")
                .allSatisfy((type, names) -> assertThat(names).as(type).hasSize(1));
        assertThat(byType)
                .containsKeys(
                        io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest.class.getName(),
                        io.quarkus.security.identity.request.TrustedAuthenticationRequest.class.getName(),
                        DeviceTokenRequest.class.getName());
    }

    /** Name of Quarkus' encrypted form-login cookie. */
    static String sessionCookieName() {
        return ConfigProvider.getConfig().getValue("quarkus.http.auth.form.cookie-name", String.class);
    }

    /** Quarkus' form-login cookie for {@code user} whose idle deadline is {@code expireIdleMs}. */
    static String sealSessionCookie(String user, long expireIdleMs) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, sessionKey(), new GCMParameterSpec(128, iv));
        byte[] sealed = c.doFinal((expireIdleMs + ":" + user).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder()
                .encodeToString(ByteBuffer.allocate(1 + iv.length + sealed.length)
                        .put((byte) iv.length)
                        .put(iv)
                        .put(sealed)
                        .array());
    }

    /** The content of Quarkus' form-login cookie: {@code "expireIdleMs:user"}. */
    static String openSessionCookie(String cookie) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(cookie));
        byte[] iv = new byte[b.get()];
        b.get(iv);
        byte[] sealed = new byte[b.remaining()];
        b.get(sealed);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, sessionKey(), new GCMParameterSpec(128, iv));
        return new String(c.doFinal(sealed), StandardCharsets.UTF_8);
    }

    /** Quarkus derives the AES key as SHA-256 of quarkus.http.auth.session.encryption-key. */
    private static SecretKeySpec sessionKey() throws Exception {
        String key = ConfigProvider.getConfig().getValue("quarkus.http.auth.session.encryption-key", String.class);
        return new SecretKeySpec(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)), "AES");
    }
}
