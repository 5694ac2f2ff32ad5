package io.buddybork.hub.device;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.asDevice;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.testing.HubApi.Device;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CaptureStateTest {

    @Inject
    CaptureStateBroker broker;

    @Test
    void newDeviceStartsEnabledAndAnswersAtOnceWithoutAVersion() {
        Device d = createDevice("capture-a");
        asDevice(d.token())
                .get("/api/v1/capture-state?wait=30")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true))
                .body("version", equalTo(1));
    }

    @Test
    void unchangedVersionIsAnsweredWhenTheWaitEnds() {
        Device d = createDevice("capture-b");
        asDevice(d.token())
                .get("/api/v1/capture-state?wait=1&version=1")
                .then()
                .statusCode(200)
                .body("version", equalTo(1));
        asDevice(d.token()).get("/api/v1/capture-state?wait=0&version=1").then().statusCode(200);
    }

    @Test
    void staleVersionIsAnsweredAtOnce() {
        Device d = createDevice("capture-c");
        asAdmin()
                .contentType("application/json")
                .body(Map.of("enabled", false))
                .put("/api/v1/devices/" + d.id() + "/capture")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false))
                .body("version", equalTo(2));
        asDevice(d.token())
                .get("/api/v1/capture-state?wait=60&version=1")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false))
                .body("version", equalTo(2));
    }

    @Test
    void adminChangeWakesEveryWaitingPollOfThatDeviceOnly() throws Exception {
        Device d = createDevice("capture-d");
        Device other = createDevice("capture-e");
        // one connection per poll, as separate devices would have
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int before = broker.waitingCount();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        // more waiting polls than the worker pool has threads (200): waiting must not hold threads
        for (int i = 0; i < 250; i++) {
            polls.add(client.sendAsync(poll(d.token(), 30, 1), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture<HttpResponse<String>> otherPoll =
                client.sendAsync(poll(other.token(), 2, 1), HttpResponse.BodyHandlers.ofString());
        awaitWaiting(before + 251);
        // blocking endpoints still have threads while 251 polls wait
        asAdmin().get("/api/v1/devices/" + d.id()).then().statusCode(200);

        asAdmin()
                .contentType("application/json")
                .body(Map.of("enabled", false))
                .put("/api/v1/devices/" + d.id() + "/capture")
                .then()
                .statusCode(200);
        long changedAt = System.nanoTime();
        for (var poll : polls) {
            HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"enabled\":false").contains("\"version\":2");
        }
        // woken by the change, not by the 30 s timeout
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt)).isLessThan(5_000);
        assertThat(otherPoll.get(10, TimeUnit.SECONDS).body())
                .contains("\"enabled\":true")
                .contains("\"version\":1");
    }

    @Test
    void revocationEndsTheDevicesWaitingPollsWith401AtOnce() throws Exception {
        Device d = createDevice("capture-g");
        Device other = createDevice("capture-h");
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int before = broker.waitingCount();
        CompletableFuture<HttpResponse<String>> poll =
                client.sendAsync(poll(d.token(), 30, 1), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> otherPoll =
                client.sendAsync(poll(other.token(), 30, 1), HttpResponse.BodyHandlers.ofString());
        awaitWaiting(before + 2);

        asAdmin().post("/api/v1/devices/" + d.id() + "/revoke").then().statusCode(200);
        // ended by the revocation, not by the 30 s wait
        HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.body()).contains("\"code\":\"unauthorized\"").contains("revoked");
        // another device's poll keeps waiting
        assertThat(otherPoll).isNotDone();
        asDevice(d.token())
                .get("/api/v1/capture-state?wait=30&version=1")
                .then()
                .statusCode(401);
        asAdmin()
                .contentType("application/json")
                .body(Map.of("enabled", false))
                .put("/api/v1/devices/" + other.id() + "/capture")
                .then()
                .statusCode(200);
        assertThat(otherPoll.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void badWaitOrVersionIsAProblem() {
        Device d = createDevice("capture-f");
        asDevice(d.token())
                .get("/api/v1/capture-state?wait=61")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-wait"));
        asDevice(d.token()).get("/api/v1/capture-state?wait=-1").then().statusCode(400);
        asDevice(d.token())
                .get("/api/v1/capture-state?version=x")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-version"));
    }

    @Test
    void usersCannotReadTheDeviceEndpoint() {
        asAdmin().get("/api/v1/capture-state").then().statusCode(403);
    }

    private static HttpRequest poll(String token, int wait, long version) {
        return HttpRequest.newBuilder(
                        URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                + "/api/v1/capture-state?wait=" + wait + "&version=" + version))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
    }

    private void awaitWaiting(int count) {
        await("polls registered").atMost(Duration.ofSeconds(10)).until(() -> broker.waitingCount() >= count);
    }
}
