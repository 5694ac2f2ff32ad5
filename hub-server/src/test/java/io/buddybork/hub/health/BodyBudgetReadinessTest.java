package io.buddybork.hub.health;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.admission.BodyAdmissionFilter;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Readiness reports a used-up request-body budget (uploads are then refused 503), and one device
 * token cannot hold more than its byte share of it.
 */
@QuarkusTest
@OwnStart
@TestProfile(io.buddybork.hub.testing.SharedHub.class)
public class BodyBudgetReadinessTest {

    /** A 3 MiB budget: one stalled 2 MiB body leaves no room for another largest upload. */
    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("buddybork.body.max-pending-bytes", "3145728");
        }
    }

    private static final AtomicLong NEXT_START =
            new AtomicLong((System.currentTimeMillis() - 5 * 86_400_000L) / 3000 * 3000);

    @TestHTTPResource("/")
    URL root;

    // the detailed report is served by the management interface (loopback)
    @TestHTTPResource(value = "/health/ready", management = true)
    URL managementReady;

    @Inject
    BodyAdmissionFilter admission;

    @Test
    void readinessIsDownWhileStalledBodiesHoldTheBudgetAndUpAgainWhenTheyAreGone() throws Exception {
        RestAssured.get(PublicHealthRoutes.READY).then().statusCode(200);
        Device attacker = createDevice("budget-holder");
        try (Socket s = stall(attacker, 2_000_000)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admission.pendingBodies() == 1);
            RestAssured.get(PublicHealthRoutes.READY).then().statusCode(503);
            RestAssured.get(managementReady.toString())
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'body-budget' }.status", org.hamcrest.Matchers.equalTo("DOWN"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> admission.pendingBodies() == 0);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> RestAssured.get(PublicHealthRoutes.READY).then().statusCode(200));
    }

    @Test
    void oneTokenHoldingALargestBodyIsRefused429ForASecondOne() throws Exception {
        Device greedy = createDevice("share-holder");
        try (Socket first = stall(greedy, 1_500_000)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admission.pendingBodies() == 1);
            try (Socket second = stall(greedy, 1_500_000)) {
                assertThat(readResponse(second))
                        .startsWith("HTTP/1.1 429")
                        .contains("\"code\":\"too-many-pending-bodies\"");
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> admission.pendingBodies() == 0);
    }

    /** Opens an upload of {@code length} declared bytes and sends 16 of them. */
    private Socket stall(Device device, long length) throws IOException {
        Socket s = new Socket("127.0.0.1", root.getPort());
        s.setSoTimeout(60_000);
        String head = "PUT /api/v1/segments/" + NEXT_START.addAndGet(-3000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: audio/wav\r\nContent-Length: " + length + "\r\nAuthorization: Bearer "
                + device.token() + "\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(new byte[16]);
        s.getOutputStream().flush();
        return s;
    }

    /** Reads until the server closes the connection (every refusal closes it). */
    private static String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) {
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
