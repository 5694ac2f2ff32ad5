package io.buddybork.hub.auth;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;
import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every security rule of the web app, over HTTP against the running hub. */
@QuarkusTest
class WebSecurityTest {

    private static final List<String> PAGES = List.of("/", "/annotator", "/tags", "/users");
    private static final List<String> API_GETS = List.of(
            "/api/v1/tags",
            "/api/v1/annotations?from=2026-01-01&to=2026-01-02",
            "/api/v1/annotations/daily-counts?from=2026-01-01&to=2026-01-02",
            "/api/v1/macro?deviceId=1&centerMs=1",
            "/api/v1/macro/audio?deviceId=1&startMs=1",
            "/api/v1/dashboard/devices",
            "/api/v1/live",
            "/api/v1/users",
            "/api/v1/devices",
            "/api/v1/stats/daily-counts?from=2026-01-01&to=2026-01-02");
    private static final String VIEWER_PASSWORD = "viewer-password-1";

    @Inject
    UserService users;

    private String viewer;

    @BeforeEach
    void viewer() {
        viewer = "viewer" + System.nanoTime();
        users.createUser(viewer, VIEWER_PASSWORD, Roles.VIEWER);
    }

    @Test
    void anonymousPagesRedirectToLoginAndAnonymousApiCallsGet401() {
        for (String page : PAGES) {
            given().redirects().follow(false).get(page).then().statusCode(302).header("Location", endsWith("/login"));
        }
        for (String api : API_GETS) {
            given().redirects().follow(false).get(api).then().statusCode(401);
        }
        given().contentType("application/json")
                .body("{\"name\":\"x\"}")
                .post("/api/v1/tags")
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .body("{}")
                .post("/api/v1/annotations")
                .then()
                .statusCode(401);
        given().delete("/api/v1/annotations/1").then().statusCode(401);
        assertThat(given().redirects().follow(false).post("/logout").statusCode())
                .isIn(302, 401);
        given().get("/login").then().statusCode(200).body(containsString("name=\"username\""));
    }

    @Test
    void viewersReadButOnlyAdminsChangeTagsDevicesCaptureAndUsers() {
        var s = WebSessions.login(viewer, VIEWER_PASSWORD);
        given().cookies(s.cookies()).get("/api/v1/tags").then().statusCode(200);
        given().cookies(s.cookies()).get("/annotator").then().statusCode(200);
        given().cookies(s.cookies())
                .redirects()
                .follow(false)
                .get("/users")
                .then()
                .statusCode(403);
        given().cookies(s.cookies())
                .header("X-CSRF-TOKEN", s.csrf())
                .contentType("application/json")
                .body("{\"name\":\"v" + System.nanoTime() + "\"}")
                .post("/api/v1/tags")
                .then()
                .statusCode(403);
        given().cookies(s.cookies())
                .header("X-CSRF-TOKEN", s.csrf())
                .contentType("application/json")
                .body("{\"enabled\":false}")
                .put("/api/v1/devices/1/capture")
                .then()
                .statusCode(403);
        given().cookies(s.cookies()).get("/api/v1/users").then().statusCode(403);
        given().auth()
                .preemptive()
                .basic(viewer, VIEWER_PASSWORD)
                .get("/api/v1/users")
                .then()
                .statusCode(403);
    }

    @Test
    void everyChangeOutsideAnnotationsIsForAdminsOnly() {
        // viewers may label sounds (annotations, detection reviews); devices, capture state, tags and users are the
        // admins'
        List<String[]> changes = apiOperations().stream()
                .filter(op -> !op[0].equals("GET"))
                .filter(op -> !op[1].startsWith("/api/v1/annotations") && !op[1].startsWith("/api/v1/segments"))
                .filter(op -> !op[1].matches("/api/v1/detections/[0-9]+/review"))
                // anyone in the household presses "I'm away"; its schedule is checked below
                .filter(op -> !op[1].equals("/api/v1/away"))
                .toList();
        assertThat(changes)
                .extracting(op -> op[1])
                .anyMatch(p -> p.startsWith("/api/v1/tags"))
                .anyMatch(p -> p.startsWith("/api/v1/devices"))
                .anyMatch(p -> p.endsWith("/capture"))
                .anyMatch(p -> p.startsWith("/api/v1/users"));
        for (String[] op : changes) {
            given().auth()
                    .preemptive()
                    .basic(viewer, VIEWER_PASSWORD)
                    .contentType("application/json")
                    .body("{}")
                    .request(op[0], op[1])
                    .then()
                    .statusCode(403);
        }
    }

    @Test
    void viewersMayPressImAwayButOnlyAdminsChangeTheSchedule() {
        given().auth()
                .preemptive()
                .basic(viewer, VIEWER_PASSWORD)
                .contentType("application/json")
                .body("{\"schedule\": {\"windows\": []}}")
                .put("/api/v1/away")
                .then()
                .statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo("forbidden"));
        given().auth()
                .preemptive()
                .basic(viewer, VIEWER_PASSWORD)
                .contentType("application/json")
                .body("{\"away\": false}")
                .put("/api/v1/away")
                .then()
                .statusCode(200)
                .body("away", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void aDeviceTokenOpensOnlyTheDeviceEndpoints() {
        var device = HubApi.createDevice("sec-" + System.nanoTime());
        for (String api : List.of(
                "/api/v1/tags",
                "/api/v1/annotations?from=2026-01-01&to=2026-01-02",
                "/api/v1/dashboard/devices",
                "/api/v1/users",
                "/api/v1/macro?deviceId=1&centerMs=1")) {
            int status = HubApi.asDevice(device.token()).get(api).statusCode();
            assertThat(status).as(api).isIn(401, 403);
        }
        int page = HubApi.asDevice(device.token())
                .redirects()
                .follow(false)
                .get("/annotator")
                .statusCode();
        assertThat(page).isIn(302, 401, 403);
    }

    @Test
    void sessionCallsThatChangeStateNeedTheCsrfTokenButBasicAuthCallsDoNot() {
        var s = WebSessions.login(ADMIN, ADMIN_PASSWORD);
        String body = "{\"name\":\"csrf" + System.nanoTime() + "\"}";
        given().cookies(s.cookies())
                .contentType("application/json")
                .body(body)
                .post("/api/v1/tags")
                .then()
                .statusCode(403)
                .body("code", equalTo("csrf-token-missing"));
        given().cookies(s.cookies())
                .header("X-CSRF-TOKEN", "forged")
                .contentType("application/json")
                .body(body)
                .post("/api/v1/tags")
                .then()
                .statusCode(403)
                .body("code", equalTo("csrf-token-invalid"));
        given().cookies(s.cookies())
                .header("X-CSRF-TOKEN", s.csrf())
                .contentType("application/json")
                .body(body)
                .post("/api/v1/tags")
                .then()
                .statusCode(201);
        // the logout form needs it too
        given().cookies(s.cookies())
                .redirects()
                .follow(false)
                .post("/logout")
                .then()
                .statusCode(403);
        asAdmin()
                .contentType("application/json")
                .body("{\"name\":\"basic" + System.nanoTime() + "\"}")
                .post("/api/v1/tags")
                .then()
                .statusCode(201);
    }

    @Test
    void sessionCookieIsHttpOnlySameSiteStrictAndSecureOverHttps() {
        Response plain = WebSessions.postLogin(viewer, VIEWER_PASSWORD, WebSessions.freshAddress());
        List<String> cookies = plain.headers().getValues("Set-Cookie");
        String session = cookies.stream()
                .filter(c -> c.startsWith("buddybork-session="))
                .findFirst()
                .orElseThrow();
        assertThat(session)
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict")
                .doesNotContain("Secure");
        assertThat(cookies.stream()
                        .filter(c -> c.startsWith("buddybork-sv="))
                        .findFirst()
                        .orElseThrow())
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict");

        Response tls = given().redirects()
                .follow(false)
                .header("X-Forwarded-For", WebSessions.freshAddress())
                .header("X-Forwarded-Proto", "https")
                .formParam("username", viewer)
                .formParam("password", VIEWER_PASSWORD)
                .post("/login");
        assertThat(tls.statusCode()).isEqualTo(302);
        for (String c : tls.headers().getValues("Set-Cookie")) {
            if (c.startsWith("buddybork-")) {
                assertThat(c)
                        .as(c)
                        .contains("Secure")
                        .containsIgnoringCase("HttpOnly")
                        .contains("SameSite=Strict");
            }
        }
        assertThat(tls.header("Strict-Transport-Security")).contains("max-age=");
    }

    @Test
    void pagesAndApisCarryTheSecurityHeaders() {
        var s = WebSessions.login(viewer, VIEWER_PASSWORD);
        for (String path : List.of("/login", "/", "/annotator", "/tags", "/api/v1/tags")) {
            Response r = given().cookies(s.cookies()).get(path);
            String csp = r.header("Content-Security-Policy");
            assertThat(csp)
                    .as(path)
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).isEqualTo("same-origin");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        }
        // what the CSP would block must not be there: inline scripts, inline handlers, style attributes
        var admin = WebSessions.login(ADMIN, ADMIN_PASSWORD);
        for (String path : List.of("/login", "/", "/annotator", "/tags", "/users")) {
            String page = given().cookies(admin.cookies())
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(page)
                    .as(path)
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                    .doesNotContainPattern("(?i)\\sstyle\\s*=")
                    .doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                    .doesNotContain("javascript:");
        }
    }

    @Test
    void repeatedWrongPasswordsFromOneClientGet429ThereButDoNotLockTheUserOut() {
        String address = WebSessions.freshAddress();
        for (int i = 0; i < 5; i++) {
            WebSessions.postLogin(viewer, "wrong-password-x", address)
                    .then()
                    .statusCode(302)
                    .header("Location", containsString("/login?error"));
        }
        // that client waits now, even with the right password, form or basic
        Response locked = WebSessions.postLogin(viewer, VIEWER_PASSWORD, address);
        assertThat(locked.statusCode()).isEqualTo(429);
        // a growing delay, never the old 900 s lockout
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 60);
        assertThat(locked.asString()).contains("Too many failed logins. Try again in");
        given().header("X-Forwarded-For", address)
                .auth()
                .preemptive()
                .basic(viewer, VIEWER_PASSWORD)
                .get("/api/v1/tags")
                .then()
                .statusCode(429)
                .header("Retry-After", not(equalTo(null)))
                .body("code", equalTo("too-many-login-attempts"));
        // the owner elsewhere is not locked out: form login and basic API use still work
        WebSessions.postLogin(viewer, VIEWER_PASSWORD, WebSessions.freshAddress())
                .then()
                .statusCode(302)
                .header("Location", endsWith("/"));
        given().header("X-Forwarded-For", WebSessions.freshAddress())
                .auth()
                .preemptive()
                .basic(viewer, VIEWER_PASSWORD)
                .get("/api/v1/tags")
                .then()
                .statusCode(200);
    }

    @Test
    void manyWrongPasswordsFromOneAddressGet429ForEveryUser() {
        String address = WebSessions.freshAddress();
        for (int i = 0; i < 20; i++) {
            WebSessions.postLogin("nobody" + i + "-" + System.nanoTime(), "wrong-password-x", address)
                    .then()
                    .statusCode(302);
        }
        WebSessions.postLogin(viewer, VIEWER_PASSWORD, address)
                .then()
                .statusCode(429)
                .header("Retry-After", not(equalTo(null)));
        // another address is not affected
        WebSessions.postLogin(viewer, VIEWER_PASSWORD, WebSessions.freshAddress())
                .then()
                .statusCode(302)
                .header("Location", endsWith("/"));
    }

    @Test
    void aBrowserThatSignedInBeforeKeepsSigningInFromItsThrottledAddress() {
        String address = WebSessions.freshAddress();
        String device = deviceCookie(WebSessions.postLogin(viewer, VIEWER_PASSWORD, address));
        // strangers behind the same address guess the owner's password and others'
        for (int i = 0; i < 5; i++) {
            WebSessions.postLogin(viewer, "wrong-password-x", address).then().statusCode(302);
        }
        for (int i = 0; i < 15; i++) {
            WebSessions.postLogin("nobody" + i + "-" + System.nanoTime(), "wrong-password-x", address)
                    .then()
                    .statusCode(302);
        }
        WebSessions.postLogin(viewer, VIEWER_PASSWORD, address).then().statusCode(429);
        // the owner's browser carries its device cookie and is not held up
        Response owner = postLoginWithDevice(viewer, VIEWER_PASSWORD, address, device);
        assertThat(owner.statusCode()).isEqualTo(302);
        assertThat(owner.header("Location")).endsWith("/");
        assertThat(deviceCookie(owner)).isNotEqualTo(device); // renewed with a fresh nonce
        // another user's device cookie does not count for this one
        String others = deviceCookie(WebSessions.postLogin(ADMIN, ADMIN_PASSWORD, WebSessions.freshAddress()));
        postLoginWithDevice(viewer, VIEWER_PASSWORD, address, others).then().statusCode(429);
    }

    @Test
    void aBrowserThatSignedInBeforeSignsInFromANewAddressWhileStrangersGuessFromRotatingOnes() throws Exception {
        String device = deviceCookie(WebSessions.postLogin(viewer, VIEWER_PASSWORD, WebSessions.freshAddress()));
        // a botnet: 40 parallel guesses on the owner's name, each from an address of its own
        var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        List<java.util.concurrent.Future<Integer>> guesses = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String stranger = WebSessions.freshAddress();
                guesses.add(pool.submit(
                        () -> WebSessions.postLogin(viewer, "guess-x", stranger).statusCode()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var g : guesses) {
                statuses.add(g.get());
            }
            assertThat(statuses).containsOnly(302, 429).contains(429); // the name is being slowed down
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 3; i++) {
            Response owner = postLoginWithDevice(viewer, VIEWER_PASSWORD, WebSessions.freshAddress(), device);
            assertThat(owner.statusCode()).isEqualTo(302);
            assertThat(owner.header("Location")).endsWith("/");
            device = deviceCookie(owner);
        }
    }

    @Test
    void theDeviceCookieIsHttpOnlyStrictAndSentToTheLoginOnly() {
        Response r = WebSessions.postLogin(viewer, VIEWER_PASSWORD, WebSessions.freshAddress());
        String header = r.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SessionCookies.DEVICE_COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(header)
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/login");
        assertThat(header).containsPattern("Max-Age=\\d+");
        // a failed login issues none
        assertThat(WebSessions.postLogin(viewer, "wrong-password-x", WebSessions.freshAddress())
                        .headers()
                        .getValues("Set-Cookie"))
                .noneMatch(c -> c.startsWith(SessionCookies.DEVICE_COOKIE + "="));
    }

    private static String deviceCookie(Response login) {
        assertThat(login.statusCode()).isEqualTo(302);
        String value = login.cookie(SessionCookies.DEVICE_COOKIE);
        assertThat(value).isNotBlank();
        return value;
    }

    private static Response postLoginWithDevice(String username, String password, String address, String device) {
        return given().redirects()
                .follow(false)
                .header("X-Forwarded-For", address)
                .cookie(SessionCookies.DEVICE_COOKIE, device)
                .formParam("username", username)
                .formParam("password", password)
                .post("/login");
    }

    @Test
    void aLoginFormPostedFromAnotherOriginIsRefused() {
        Response r = given().redirects()
                .follow(false)
                .header("X-Forwarded-For", WebSessions.freshAddress())
                .header("Origin", "https://evil.example")
                .formParam("username", viewer)
                .formParam("password", VIEWER_PASSWORD)
                .post("/login");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("buddybork-session="));
    }

    @Test
    void logoutEndsEverySessionOfTheUserAtOnce() {
        var first = WebSessions.login(viewer, VIEWER_PASSWORD);
        var second = WebSessions.login(viewer, VIEWER_PASSWORD);
        given().cookies(first.cookies())
                .redirects()
                .follow(false)
                .formParam("csrf-token", first.csrf())
                .post("/logout")
                .then()
                .statusCode(303)
                .header("Location", containsString("/login?loggedOut"));
        given().cookies(first.cookies()).get("/api/v1/tags").then().statusCode(401);
        given().cookies(second.cookies()).get("/api/v1/tags").then().statusCode(401);
        given().cookies(second.cookies())
                .redirects()
                .follow(false)
                .get("/annotator")
                .then()
                .statusCode(302)
                .header("Location", endsWith("/login"));
    }

    @Test
    void passwordChangeAndDisablingEndSessionsAtOnce() {
        var s = WebSessions.login(viewer, VIEWER_PASSWORD);
        given().cookies(s.cookies()).get("/api/v1/tags").then().statusCode(200);
        users.setPassword(viewer, "another-password-2");
        given().cookies(s.cookies()).get("/api/v1/tags").then().statusCode(401);

        var again = WebSessions.login(viewer, "another-password-2");
        given().cookies(again.cookies()).get("/api/v1/tags").then().statusCode(200);
        asAdmin()
                .contentType("application/json")
                .body(Map.of("enabled", false))
                .put("/api/v1/users/" + viewer + "/enabled")
                .then()
                .statusCode(200);
        given().cookies(again.cookies()).get("/api/v1/tags").then().statusCode(401);
        WebSessions.postLogin(viewer, "another-password-2", WebSessions.freshAddress())
                .then()
                .statusCode(302)
                .header("Location", containsString("/login?error"));
    }

    @Test
    void everyApiOperationInTheOpenApiDocumentRefusesAnonymousCallersWith401() {
        List<String[]> operations = apiOperations();
        assertThat(operations).hasSizeGreaterThan(20);
        for (String[] op : operations) {
            var spec = given().redirects().follow(false);
            if (!op[0].equals("GET")) {
                spec = spec.contentType(requestType(op[1])).body(new byte[0]);
            }
            Response r = spec.request(op[0], op[1]);
            assertThat(r.statusCode()).as(op[0] + " " + op[1]).isEqualTo(401);
        }
    }

    @Test
    void everyStateChangingApiOperationRefusesASessionCallWithoutTheCsrfToken() {
        var s = WebSessions.login(ADMIN, ADMIN_PASSWORD);
        List<String[]> changing =
                apiOperations().stream().filter(op -> !op[0].equals("GET")).toList();
        assertThat(changing).hasSizeGreaterThan(10);
        for (String[] op : changing) {
            Response r = given().redirects()
                    .follow(false)
                    .cookies(s.cookies())
                    .contentType(requestType(op[1]))
                    .body(op[1].startsWith("/api/v1/segments") ? new byte[0] : "{}".getBytes())
                    .request(op[0], op[1]);
            assertThat(r.statusCode()).as(op[0] + " " + op[1]).isEqualTo(403);
            // device-only routes refuse a user session outright (role check), all others for the missing token
            String expected = op[1].startsWith("/api/v1/segments") ? "forbidden" : "csrf-token-missing";
            assertThat(r.jsonPath().getString("code")).as(op[0] + " " + op[1]).isEqualTo(expected);
        }
        // and the session is still good: nothing above was a partial success
        given().cookies(s.cookies()).get("/api/v1/tags").then().statusCode(200);
    }

    @Test
    void theSessionCookieExpiresAfter30IdleMinutesAndAnExpiredOneIsRefused() throws Exception {
        var s = WebSessions.login(viewer, VIEWER_PASSWORD);
        long before = System.currentTimeMillis();
        String[] content = QuarkusSecurityInternalsTest.openSessionCookie(
                        s.cookies().get("buddybork-session"))
                .split(":", 2);
        assertThat(content[1]).isEqualTo(viewer);
        long idleLeft = Long.parseLong(content[0]) - before;
        assertThat(idleLeft)
                .isBetween(
                        java.time.Duration.ofMinutes(29).toMillis(),
                        java.time.Duration.ofMinutes(30).toMillis());

        // the same session, as the server would see it 30 minutes later (its idle deadline passed)
        Map<String, String> expired = new java.util.HashMap<>(s.cookies());
        expired.put(
                "buddybork-session",
                QuarkusSecurityInternalsTest.sealSessionCookie(viewer, System.currentTimeMillis() - 1000));
        given().cookies(expired).get("/api/v1/tags").then().statusCode(401);
        given().cookies(expired)
                .redirects()
                .follow(false)
                .get("/annotator")
                .then()
                .statusCode(302)
                .header("Location", endsWith("/login"));
        // control: a cookie forged the same way but still inside its idle time is accepted
        Map<String, String> fresh = new java.util.HashMap<>(s.cookies());
        fresh.put(
                "buddybork-session",
                QuarkusSecurityInternalsTest.sealSessionCookie(viewer, System.currentTimeMillis() + 60_000));
        given().cookies(fresh).get("/api/v1/tags").then().statusCode(200);
    }

    /** Operations of the hub's own API, as {method, path with sample parameters}, from the OpenAPI document. */
    private static List<String[]> apiOperations() {
        Map<String, Map<String, Object>> paths = asAdmin()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("paths");
        List<String[]> ops = new java.util.ArrayList<>();
        paths.forEach((path, methods) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            String concrete = path.replace("{day}", "2026-01-01").replaceAll("\\{[^}]+}", "1");
            for (String method : methods.keySet()) {
                if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    ops.add(new String[] {method.toUpperCase(java.util.Locale.ROOT), concrete});
                }
            }
        });
        return ops;
    }

    private static String requestType(String path) {
        return path.startsWith("/api/v1/segments") ? "audio/wav" : "application/json";
    }

    @Test
    void openApiAndSwaggerUiAreForAdminsOnly() {
        given().get("/q/openapi").then().statusCode(401);
        given().auth()
                .preemptive()
                .basic(viewer, VIEWER_PASSWORD)
                .get("/q/openapi")
                .then()
                .statusCode(403);
        asAdmin().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/annotations"));
        asAdmin().get("/q/swagger-ui/").then().statusCode(200);
    }
}
