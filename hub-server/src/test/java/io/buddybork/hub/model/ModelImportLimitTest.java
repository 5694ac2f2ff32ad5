package io.buddybork.hub.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The model import has one size limit ({@code buddybork.models.max-import-bytes}, 256 MiB), and
 * every body above it gets a 413 {@code model-too-large} problem, declared or not; bodies below it
 * are read, however far above the 10 MiB of other routes or the body budget they are.
 */
@QuarkusTest
class ModelImportLimitTest {

    private static final long LIMIT = 256L * 1024 * 1024;
    private static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "buddybork.data-dir")
    String dataDir;

    @Test
    void theDocumentedLimitIsTheOneInForce() {
        assertThat(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("buddybork.models.max-import-bytes", Long.class))
                .isEqualTo(LIMIT);
    }

    @Test
    void aModelFileDeclaredOverTheLimitGetsA413ProblemBeforeItIsRead() throws Exception {
        for (long length : new long[] {LIMIT + 1, 600L * 1024 * 1024, 5L * 1024 * 1024 * 1024}) {
            Map<String, String> answer = headOnly("/api/v1/models/import", length);
            assertThat(answer.get("status")).as("Content-Length " + length).isEqualTo("413");
            assertThat(answer.get("type")).startsWith("application/problem+json");
            assertThat(answer.get("body"))
                    .contains("\"code\":\"model-too-large\"")
                    .contains(Long.toString(LIMIT));
        }
    }

    @Test
    void aFileAboveTheBodyBudgetButUnderTheLimitIsReadNotRefusedAsBusy() throws Exception {
        // 100 MiB: over other routes' 10 MiB and the 96 MiB budget of bodies held in memory
        HttpURLConnection c = open();
        long length = 100L * 1024 * 1024;
        c.setFixedLengthStreamingMode(length);
        send(c, length);
        assertThat(c.getResponseCode()).isEqualTo(400);
        assertThat(new String(c.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("\"code\":\"corrupt-model\"");
        assertNoUploadsLeft();
    }

    @Test
    void aLengthLessBodyOverTheLimitGetsTheSame413Problem() throws Exception {
        HttpURLConnection c = open();
        c.setChunkedStreamingMode(64 * 1024);
        try {
            send(c, LIMIT + 1024 * 1024);
        } catch (IOException e) {
            // the hub may answer and close before the last chunks are written; its answer is below
        }
        assertThat(c.getResponseCode()).isEqualTo(413);
        assertThat(c.getContentType()).startsWith("application/problem+json");
        assertThat(new String(c.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("\"code\":\"model-too-large\"");
        assertNoUploadsLeft();
    }

    private HttpURLConnection open() throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(base, "/api/v1/models/import").openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Authorization", BASIC);
        c.setRequestProperty("Content-Type", "application/octet-stream");
        c.setReadTimeout(300_000);
        return c;
    }

    /** Writes {@code length} zero bytes (not a model). */
    private static void send(HttpURLConnection c, long length) throws IOException {
        byte[] zeros = new byte[1024 * 1024];
        try (OutputStream out = c.getOutputStream()) {
            for (long left = length; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
    }

    private void assertNoUploadsLeft() throws IOException {
        Path models = Path.of(dataDir, "models");
        if (Files.isDirectory(models)) {
            try (var files = Files.list(models)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".upload")))
                        .isEmpty();
            }
        }
    }

    /** Sends only the head of a POST declaring {@code length} bytes; the status, type and body of the answer. */
    private Map<String, String> headOnly(String path, long length) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(120_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: " + BASIC + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + length + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = response.split(" ", 3)[1];
            String headers = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            int type = headers.indexOf("content-type: ");
            String contentType = type < 0
                    ? ""
                    : headers.substring(
                            type + 14,
                            headers.indexOf("\r\n", type) < 0 ? headers.length() : headers.indexOf("\r\n", type));
            return Map.of(
                    "status",
                    status,
                    "type",
                    contentType,
                    "body",
                    response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }
}
