package io.buddybork.hub.device;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.user.UserService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeviceResourceTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    UserService users;

    @Test
    void createdDeviceShowsItsTokenOnceAndStoresOnlyTheHash() {
        var body = asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "  garden shed "))
                .post("/api/v1/devices")
                .then()
                .statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/devices/[0-9]+"))
                .body("name", equalTo("garden shed"))
                .body("token", matchesPattern("bbd_[A-Za-z0-9_-]{43}"))
                .extract()
                .jsonPath();
        long id = body.getLong("id");
        String token = body.getString("token");

        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from device where id = ? and token_hash = ?",
                        id,
                        DeviceTokens.hash(token)))
                .isEqualTo(1);
        assertThat(Db.queryLong(ds, "select count(*) from device where token_hash like ?", "%" + token + "%"))
                .isZero();

        asAdmin()
                .get("/api/v1/devices/" + id)
                .then()
                .statusCode(200)
                .body("captureEnabled", equalTo(true))
                .body("revoked", equalTo(false))
                .body("created", notNullValue())
                .body("token", org.hamcrest.Matchers.nullValue());
        asAdmin().get("/api/v1/devices").then().statusCode(200).body("id", hasItem((int) id));
    }

    @Test
    void renameAndRevoke() {
        Device d = createDevice("old name");
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "new name"))
                .patch("/api/v1/devices/" + d.id())
                .then()
                .statusCode(200)
                .body("name", equalTo("new name"));
        asAdmin()
                .post("/api/v1/devices/" + d.id() + "/revoke")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(true));
        asAdmin()
                .get("/api/v1/devices/" + d.id())
                .then()
                .body("revoked", equalTo(true))
                .body("name", equalTo("new name"));
    }

    @Test
    void badNamesAndUnknownDevicesAreProblems() {
        for (String bad : new String[] {"", "   ", "x".repeat(101), "tab\there"}) {
            asAdmin()
                    .contentType("application/json")
                    .body(Map.of("name", bad))
                    .post("/api/v1/devices")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid-device-name"));
        }
        asAdmin()
                .contentType("application/json")
                .body("{not json")
                .post("/api/v1/devices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asAdmin().get("/api/v1/devices/987654321").then().statusCode(404).body("code", equalTo("unknown-device"));
        asAdmin().get("/api/v1/devices/abc").then().statusCode(404).contentType("application/problem+json");
        asAdmin()
                .contentType("application/json")
                .body(Map.of("enabled", "maybe"))
                .put("/api/v1/devices/987654321/capture")
                .then()
                .statusCode(400);
    }

    @Test
    void viewersReadButCannotAdministerAndStrangersGet401() {
        String viewer = "viewer-" + System.nanoTime();
        users.createUser(viewer, "viewer-password-1", "viewer");
        Device d = createDevice("for viewer");
        given().auth()
                .preemptive()
                .basic(viewer, "viewer-password-1")
                .get("/api/v1/devices")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic(viewer, "viewer-password-1")
                .contentType("application/json")
                .body(Map.of("name", "nope"))
                .post("/api/v1/devices")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .preemptive()
                .basic(viewer, "viewer-password-1")
                .contentType("application/json")
                .body(Map.of("enabled", false))
                .put("/api/v1/devices/" + d.id() + "/capture")
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(viewer, "wrong-password!")
                .get("/api/v1/devices")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"));
        given().get("/api/v1/devices").then().statusCode(401).contentType("application/problem+json");
    }
}
