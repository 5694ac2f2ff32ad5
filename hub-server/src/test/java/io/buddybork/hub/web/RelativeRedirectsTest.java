package io.buddybork.hub.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.auth.WebSessions;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A forged Host header never makes the hub redirect to another site (issue 11, defect 6). */
@QuarkusTest
class RelativeRedirectsTest {

    @Inject
    UserService users;

    @Test
    void theLoginRedirectAndTheReturnAfterSignInStayOnTheHubWhateverTheHostHeader() {
        Response anonymous =
                given().redirects().follow(false).header("Host", "evil.example").get("/annotator");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.header("Location")).isEqualTo("/login");

        String user = "host" + System.nanoTime();
        users.createUser(user, "host-password-1", Roles.VIEWER);
        Response signIn = given().redirects()
                .follow(false)
                .header("Host", "evil.example")
                .header("X-Forwarded-For", WebSessions.freshAddress())
                .cookies(anonymous.cookies())
                .formParam("username", user)
                .formParam("password", "host-password-1")
                .post("/login");
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.header("Location")).startsWith("/").doesNotContain("evil.example");
    }

    @Test
    void absoluteLocationsAreReducedToPathQueryAndFragment() {
        assertThat(RelativeRedirects.relative("http://evil.example/annotator?day=1#x"))
                .isEqualTo("/annotator?day=1#x");
        assertThat(RelativeRedirects.relative("https://evil.example")).isEqualTo("/");
        assertThat(RelativeRedirects.relative("//evil.example/x")).isEqualTo("/x");
        assertThat(RelativeRedirects.relative("/login?error=1")).isEqualTo("/login?error=1");
        assertThat(RelativeRedirects.relative("http://[bad")).isEqualTo("/");
    }
}
