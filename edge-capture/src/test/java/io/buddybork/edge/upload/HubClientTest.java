package io.buddybork.edge.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.model.wire.CaptureState;
import java.net.URI;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HubClientTest {
    private static final byte[] BODY = {'R', 'I', 'F', 'F'};

    @TempDir
    static Path certDir;

    static TestCertificates.Held hubCert;
    static TestCertificates.Held impostorCert;

    @TempDir
    Path dir;

    MockWebServer server;

    @org.junit.jupiter.api.BeforeAll
    static void makeCertificates() throws Exception {
        hubCert = TestCertificates.selfSigned(certDir, "hub", "buddybork-hub", "dns:hub.example");
        impostorCert = TestCertificates.selfSigned(certDir, "impostor", "impostor", "ip:127.0.0.1");
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HubClient client(String prefix, Path trust) throws Exception {
        if (!server.getStarted()) {
            server.start();
        }
        return HubClient.create(URI.create(server.url(prefix).toString()), "secret-token", trust);
    }

    private static MockResponse response(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    @Test
    void uploadPutsTheWavWithTheBearerTokenUnderTheHubsPathPrefix() throws Exception {
        server.enqueue(response(201, "{\"id\":1}"));
        UploadOutcome outcome = client("/buddybork/", null).upload(1_800_000_000_000L, BODY);
        assertThat(outcome.kind()).isEqualTo(UploadOutcome.Kind.STORED);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getTarget()).isEqualTo("/buddybork/api/v1/segments/1800000000000");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("audio/wav");
        assertThat(request.getBody().toByteArray()).isEqualTo(BODY);
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "200,STORED",
        "201,STORED",
        "400,REJECTED",
        "409,REJECTED",
        "413,REJECTED",
        "422,REJECTED",
        "408,RETRY",
        "429,RETRY",
        "500,RETRY",
        "502,RETRY",
        "503,RETRY",
        "401,RETRY",
        "403,RETRY",
        "404,RETRY"
    })
    void statusesMapToTheirFate(int status, UploadOutcome.Kind kind) throws Exception {
        // OkHttp itself repeats a 408 once before giving up
        server.enqueue(response(status, "{\"code\":\"x\"}"));
        server.enqueue(response(status, "{\"code\":\"x\"}"));
        assertThat(client("/", null).upload(1_800_000_000_000L, BODY).kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {301, 302, 307, 308})
    void aRedirectIsNotFollowedButRetriedWithTheUrlToConfigure(int status) throws Exception {
        // nginx sends http:// to https:// with a 301, which OkHttp would follow as a GET without the
        // token: every segment would then be refused and filed in rejected/
        server.start();
        String target = server.url("/moved/api/v1/segments/1800000000000").toString();
        server.enqueue(new MockResponse.Builder()
                .code(status)
                .setHeader("Location", target)
                .build());
        server.enqueue(response(201, "{\"id\":1}")); // what following the redirect would reach
        HubClient client = client("/", null);
        UploadOutcome outcome = client.upload(1_800_000_000_000L, BODY);
        assertThat(outcome.kind()).isEqualTo(UploadOutcome.Kind.RETRY);
        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.detail()).contains("redirects").contains(target).contains("--hub");
        assertThat(server.getRequestCount()).as("the redirect is not followed").isEqualTo(1);

        server.close();
        server = new MockWebServer();
        server.enqueue(new MockResponse.Builder()
                .code(status)
                .setHeader("Location", "https://hub.example:8443/x")
                .build());
        HubClient polling = client("/", null);
        assertThatThrownBy(() -> polling.pollCaptureState(-1, 0))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining("redirects");
    }

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .setHeader("Retry-After", "7")
                .build());
        assertThat(client("/", null).upload(1_800_000_000_000L, BODY).retryAfterMs())
                .isEqualTo(7_000);
        long now = 1_700_000_000_000L;
        assertThat(HubClient.retryAfterMillis("Tue, 14 Nov 2023 22:13:40 GMT", now))
                .isEqualTo(20_000);
        assertThat(HubClient.retryAfterMillis("soon", now)).isEqualTo(-1);
        assertThat(HubClient.retryAfterMillis(null, now)).isEqualTo(-1);
    }

    @Test
    void aRefusedConnectionIsARetryNotAnException() throws Exception {
        HubClient client = client("/", null);
        server.close();
        UploadOutcome outcome = client.upload(1_800_000_000_000L, BODY);
        assertThat(outcome.kind()).isEqualTo(UploadOutcome.Kind.RETRY);
        assertThat(outcome.status()).isZero();
        assertThat(outcome.detail()).contains("ConnectException");
    }

    @Test
    void captureStateIsLongPolledWithTheKnownVersion() throws Exception {
        server.enqueue(response(200, "{\"enabled\":false,\"version\":4}"));
        server.enqueue(response(200, "{\"enabled\":true,\"version\":5}"));
        HubClient client = client("/", null);
        assertThat(client.pollCaptureState(-1, 30)).isEqualTo(new CaptureState(false, 4));
        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v1/capture-state?wait=30");
        assertThat(client.pollCaptureState(4, 30)).isEqualTo(new CaptureState(true, 5));
        RecordedRequest second = server.takeRequest();
        assertThat(second.getTarget()).isEqualTo("/api/v1/capture-state?wait=30&version=4");
        assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer secret-token");
    }

    @Test
    void captureStateErrorsCarryTheStatus() throws Exception {
        server.enqueue(response(401, "{\"code\":\"bad-token\"}"));
        server.enqueue(response(200, "{\"on\":true}"));
        HubClient client = client("/", null);
        assertThatThrownBy(() -> client.pollCaptureState(-1, 0))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("token");
        assertThatThrownBy(() -> client.pollCaptureState(-1, 0)).hasMessageContaining("lacks boolean 'enabled'");
    }

    @Test
    void aPinnedSelfSignedCertificateIsTrustedWhateverTheHostName() throws Exception {
        TestCertificates.Held cert = hubCert;
        server.useHttps(cert.serverContext().getSocketFactory());
        server.enqueue(response(201, ""));
        HubClient client = client("/", cert.pem());
        assertThat(client.base().isHttps()).isTrue();
        assertThat(client.upload(1_800_000_000_000L, BODY).kind()).isEqualTo(UploadOutcome.Kind.STORED);
    }

    @Test
    void aServerWithAnotherCertificateIsRefused() throws Exception {
        TestCertificates.Held served = impostorCert;
        TestCertificates.Held pinned = hubCert;
        server.useHttps(served.serverContext().getSocketFactory());
        server.enqueue(response(201, ""));
        UploadOutcome outcome = client("/", pinned.pem()).upload(1_800_000_000_000L, BODY);
        assertThat(outcome.kind()).isEqualTo(UploadOutcome.Kind.RETRY);
        assertThat(outcome.detail()).containsIgnoringCase("SSL");
    }

    @Test
    void aTrustFileWithoutCertificatesIsAClearError() throws Exception {
        Path bogus = dir.resolve("bogus.pem");
        java.nio.file.Files.writeString(bogus, "not a certificate");
        assertThatThrownBy(() -> TrustAnchors.load(bogus)).hasMessageContaining("bogus.pem");
    }
}
