package io.buddybork.hub.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** User names are unique regardless of case, sign-in works in any case, and the stored spelling is kept. */
@QuarkusTest
class CaseInsensitiveUserNameTest {

    @Inject
    UserService users;

    @Test
    void aNameDifferingOnlyByCaseIsRefusedAsTheSameUser() {
        String name = "Casey" + System.nanoTime() % 1_000_000;
        users.createUser(name, "a-long-password-1", Roles.VIEWER);
        ProblemException refused = org.junit.jupiter.api.Assertions.assertThrows(
                ProblemException.class, () -> users.createUser(name.toLowerCase(), "a-long-password-2", Roles.VIEWER));
        assertThat(refused.problem().code()).isEqualTo("user-exists");
        assertThat(refused.problem().detail()).contains(name).contains("not case-sensitive");
    }

    @Test
    void signInAndAdministrationAcceptAnyCaseAndKeepTheStoredSpelling() {
        String name = "Robin" + System.nanoTime() % 1_000_000;
        users.createUser(name, "a-long-password-1", Roles.ADMIN);
        given().auth()
                .preemptive()
                .basic(name.toUpperCase(), "a-long-password-1")
                .get("/api/v1/users")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic(name.toLowerCase(), "wrong-password-1")
                .get("/api/v1/users")
                .then()
                .statusCode(401);
        assertThat(users.find(name.toLowerCase()))
                .get()
                .extracting(UserView::username)
                .isEqualTo(name);
        users.setPassword(name.toUpperCase(), "another-password-2");
        assertThat(users.checkPassword(name.toLowerCase(), "another-password-2"))
                .isTrue();
    }
}
