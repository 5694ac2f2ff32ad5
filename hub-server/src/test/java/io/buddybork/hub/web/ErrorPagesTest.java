package io.buddybork.hub.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.buddybork.hub.auth.WebSessions;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Browsers get styled 403/404 pages and a favicon; the JSON API keeps its problem bodies. */
@QuarkusTest
class ErrorPagesTest {

    @Inject
    UserService users;

    @Test
    void anUnknownPageIsAStyled404ForBrowsersButAProblemForTheApi() {
        given().accept("text/html,application/xhtml+xml")
                .get("/no/such/page")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("Page not found"))
                .body(containsString("/no/such/page"))
                .body(containsString("href=\"/\""))
                .body(not(containsString("<script>")));
        given().accept("text/html")
                .get("/api/v1/no-such-thing")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void anAdminPageIsAStyled403ForAViewer() {
        String viewer = "viewer" + System.nanoTime() % 1_000_000;
        users.createUser(viewer, "a-long-password-1", Roles.VIEWER);
        WebSessions.Session session = WebSessions.login(viewer, "a-long-password-1");
        given().cookies(session.cookies())
                .accept("text/html")
                .redirects()
                .follow(false)
                .get("/users")
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("Not for this account"));
        given().auth()
                .preemptive()
                .basic(viewer, "a-long-password-1")
                .accept("application/json")
                .contentType("application/json")
                .body("{\"name\":\"not-allowed\"}")
                .post("/api/v1/tags")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void theFaviconIsServedWithoutSigningIn() {
        given().get("/favicon.svg").then().statusCode(200).contentType(containsString("image/svg"));
        given().get("/favicon.ico").then().statusCode(200);
    }

    @Test
    void theLoginPageOffersHelpWithoutSigningIn() {
        given().accept("text/html")
                .get("/login")
                .then()
                .statusCode(200)
                .body(containsString("id=\"login-help\""))
                .body(containsString("not case-sensitive"));
    }
}
