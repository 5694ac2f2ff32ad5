package io.buddybork.hub.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserServiceTest {

    @Inject
    UserService users;

    @Inject
    UserRepository appUsers;

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    private static String codeOf(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            return e.problem().code();
        }
        throw new AssertionError("no problem raised");
    }

    @Test
    void firstAdminWasCreatedFromTheConfiguredPassword() {
        assertThat(users.find("admin"))
                .get()
                .extracting(UserView::role, UserView::enabled)
                .containsExactly("admin", true);
        assertThat(users.checkPassword("admin", "test-admin-password")).isTrue();
    }

    @Test
    void passwordsAreStoredAsBcryptOfTheConfiguredCostAndRulesApply() {
        String name = unique("alice");
        users.createUser(name, "correct horse battery", "viewer");
        assertThat(users.checkPassword(name, "correct horse battery")).isTrue();
        assertThat(users.checkPassword(name, "Correct horse battery")).isFalse();
        String hash = appUsers.find(name).orElseThrow().passwordHash();
        assertThat(hash).startsWith("$2a$%02d$".formatted(users.bcryptCost()));

        assertThat(codeOf(() -> users.createUser(unique("bob"), "short", "viewer")))
                .isEqualTo("weak-password");
        assertThat(codeOf(() -> users.createUser(unique("bob"), "x".repeat(73), "viewer")))
                .isEqualTo("password-too-long");
        assertThat(codeOf(() -> users.createUser("bad name!", "long enough pw", "viewer")))
                .isEqualTo("invalid-username");
        assertThat(codeOf(() -> users.createUser(unique("bob"), "long enough pw", "root")))
                .isEqualTo("invalid-role");
        assertThat(codeOf(() -> users.createUser(name, "long enough pw", "viewer")))
                .isEqualTo("user-exists");
    }

    @Test
    void changesBumpTheSessionVersion() {
        String name = unique("carol");
        int v0 = users.createUser(name, "first password", "viewer").sessionVersion();
        assertThat(users.setPassword(name, "second password").sessionVersion()).isEqualTo(v0 + 1);
        assertThat(users.setRole(name, "admin").sessionVersion()).isEqualTo(v0 + 2);
        assertThat(users.bumpSessionVersion(name).sessionVersion()).isEqualTo(v0 + 3);
        assertThat(users.checkPassword(name, "first password")).isFalse();
        assertThat(users.checkPassword(name, "second password")).isTrue();
        users.setRole(name, "viewer");
    }

    @Test
    void disabledUsersAreRefusedAtOnceEvenWithCachedCredentials() {
        String name = unique("dave");
        users.createUser(name, "dave password 1", "viewer");
        given().auth()
                .preemptive()
                .basic(name, "dave password 1")
                .get("/api/v1/devices")
                .then()
                .statusCode(200);
        users.setEnabled(name, false);
        given().auth()
                .preemptive()
                .basic(name, "dave password 1")
                .get("/api/v1/devices")
                .then()
                .statusCode(401);
        users.setEnabled(name, true);
        given().auth()
                .preemptive()
                .basic(name, "dave password 1")
                .get("/api/v1/devices")
                .then()
                .statusCode(200);
        users.setPassword(name, "dave password 2");
        given().auth()
                .preemptive()
                .basic(name, "dave password 1")
                .get("/api/v1/devices")
                .then()
                .statusCode(401);
    }

    @Test
    void theLastEnabledAdminCannotBeRemoved() {
        // make sure 'admin' is the only enabled admin for this check
        for (UserView u : users.list()) {
            if (u.admin() && u.enabled() && !u.username().equals("admin")) {
                users.setEnabled(u.username(), false);
            }
        }
        assertThat(codeOf(() -> users.setEnabled("admin", false))).isEqualTo("last-admin");
        assertThat(codeOf(() -> users.setRole("admin", "viewer"))).isEqualTo("last-admin");
        assertThat(codeOf(() -> users.deleteUser("admin"))).isEqualTo("last-admin");
        assertThatThrownBy(() -> users.setPassword("nobody-" + System.nanoTime(), "long enough pw"))
                .isInstanceOf(ProblemException.class);
    }
}
