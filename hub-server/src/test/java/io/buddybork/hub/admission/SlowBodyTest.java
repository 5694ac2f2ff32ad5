package io.buddybork.hub.admission;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.IngestNodeHub;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow and unfinished request bodies (a slow-loris client must not tie up the hub): they are answered 408 at their
 * deadline, cannot pile up beyond the admission limits, and do not keep a normal device from
 * uploading. Raw sockets on loopback; every loop is bounded.
 */
@QuarkusTest
@OwnStart
@TestProfile(IngestNodeHub.class)
public class SlowBodyTest {

    /** Short deadlines so that the test does not wait for the production ones. */
    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "buddybork.body.base-timeout",
                    "4S",
                    "buddybork.body.min-bytes-per-second",
                    "1048576",
                    "buddybork.body.max-pending-per-address",
                    "64");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    BodyAdmissionFilter admission;

    @Test
    void anUploadWhoseBodyNeverArrivesIsAnswered408WithAProblemAndTheSlotIsFreed() throws Exception {
        Device device = createDevice("slow-uploader");
        try (Socket s = open()) {
            sendHead(s, "PUT", "/api/v1/segments/" + nextStart(), device.token(), "audio/wav", 264_644, null);
            s.getOutputStream().write(new byte[100]);
            s.getOutputStream().flush();
            String response = readResponse(s);
            assertThat(response)
                    .startsWith("HTTP/1.1 408")
                    .contains("application/problem+json")
                    .contains("\"code\":\"body-timeout\"")
                    .contains("100 of 264644 bytes");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> admission.pendingBodies() == 0);
    }

    @Test
    void aSlowJsonPostIsAnswered408Too() throws Exception {
        String basic = java.util.Base64.getEncoder()
                .encodeToString((HubApi.ADMIN + ":" + HubApi.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (Socket s = open()) {
            sendHead(s, "POST", "/api/v1/tags", null, "application/json", 200, "Basic " + basic);
            s.getOutputStream().write("{\"name\":".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(readResponse(s)).startsWith("HTTP/1.1 408").contains("\"code\":\"body-timeout\"");
        }
    }

    @Test
    void threeHundredStalledUploadsFromOneAddressDoNotStopAnotherDevice() throws Exception {
        Device attacker = createDevice("stalling-device");
        Device honest = createDevice("honest-device");
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = open();
                stalled.add(s);
                // X-Forwarded-For is trusted from loopback: the attack comes from one other address
                sendHead(
                        s,
                        "PUT",
                        "/api/v1/segments/" + nextStart(),
                        attacker.token(),
                        "audio/wav",
                        2_000_000,
                        "X-Forwarded-For: 198.51.100.7");
                s.getOutputStream().write(new byte[16]);
                s.getOutputStream().flush();
            }
            // the hub holds at most its per-client share; the rest were refused without reading
            await().atMost(Duration.ofSeconds(60)).until(() -> admission.pendingBodies() > 0);
            assertThat(admission.pendingBodies()).isLessThanOrEqualTo(8);
            for (int i = 0; i < 20; i++) {
                upload(honest.token(), nextStart(), TestWavs.segment(9_000 + i))
                        .then()
                        .statusCode(201);
            }
            RestAssured.get("/q/health/ready").then().statusCode(200);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> admission.pendingBodies() == 0);
    }

    @Test
    void aClientOverItsShareIsRefused429WithRetryAfterBeforeItsBodyIsRead() throws Exception {
        Device device = createDevice("greedy-device");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = open();
                held.add(s);
                sendHead(s, "PUT", "/api/v1/segments/" + nextStart(), device.token(), "audio/wav", 264_644, null);
                s.getOutputStream().flush();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> admission.pendingBodies() >= 8);
            try (Socket s = open()) {
                sendHead(s, "PUT", "/api/v1/segments/" + nextStart(), device.token(), "audio/wav", 264_644, null);
                String response = readResponse(s);
                assertThat(response)
                        .startsWith("HTTP/1.1 429")
                        .contains("Retry-After")
                        .contains("\"code\":\"too-many-pending-bodies\"");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> admission.pendingBodies() == 0);
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", root.getPort());
        s.setSoTimeout(60_000);
        return s;
    }

    private static void sendHead(
            Socket s, String method, String path, String deviceToken, String type, long length, String extraHeader)
            throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .append("Content-Type: ")
                .append(type)
                .append("\r\nContent-Length: ")
                .append(length)
                .append("\r\n");
        if (deviceToken != null) {
            head.append("Authorization: Bearer ").append(deviceToken).append("\r\n");
        }
        if (extraHeader != null) {
            head.append(extraHeader.startsWith("Basic ") ? "Authorization: " + extraHeader : extraHeader)
                    .append("\r\n");
        }
        OutputStream out = s.getOutputStream();
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads until the server closes the connection (every refusal here closes it). */
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
