package io.buddybork.hub.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal JDK HTTP client for the hub API in process-level tests (no framework on either side). */
public final class HubClient {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = ItHttp.client(Duration.ofSeconds(3));
    private final URI base;
    private final String basic;

    public HubClient(URI base, String user, String password) {
        this.base = base;
        this.basic =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A created device. */
    public record Device(long id, String token) {}

    /** Creates a device as the admin. */
    public Device createDevice(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/devices"))
                        .header("Authorization", basic)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("device creation answered " + r.statusCode() + ": " + r.body());
        }
        Matcher id = ID.matcher(r.body());
        Matcher token = TOKEN.matcher(r.body());
        if (!id.find() || !token.find()) {
            throw new IllegalStateException("unexpected body " + r.body());
        }
        return new Device(Long.parseLong(id.group(1)), token.group(1));
    }

    /** Uploads one segment; the response, or an IOException when the hub is not reachable. */
    public HttpResponse<String> upload(String token, long startMs, byte[] wav)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/segments/" + startMs))
                        .timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "audio/wav")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(wav))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the admin's credentials. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the admin's credentials, body as bytes (audio). */
    public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", basic)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A JSON request ({@code POST}, {@code PUT}) with the admin's credentials. */
    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", basic)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
