package io.buddybork.bench.scale;

import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.testmodels.BarkBeepModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The admin calls the benchmark makes on a hub: devices, the bench model's import and activation. */
final class Api {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    /** A device: its id and bearer token. */
    record Device(long id, String token) {}

    final HttpClient http;
    final String basic;

    Api(HttpClient http, String adminPassword) {
        this.http = http;
        this.basic = "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    List<Device> createDevices(URI hub, String prefix, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Device>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = prefix + "-" + i;
                futures.add(pool.submit(() -> {
                    HttpResponse<String> r = send(
                            HttpRequest.newBuilder(hub.resolve("/api/v1/devices"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")),
                            201);
                    Matcher token = TOKEN.matcher(r.body());
                    Matcher id = ID.matcher(r.body());
                    if (!token.find() || !id.find()) {
                        throw new IllegalStateException("unexpected body " + r.body());
                    }
                    return new Device(Long.parseLong(id.group(1)), token.group(1));
                }));
            }
            List<Device> out = new ArrayList<>();
            for (Future<Device> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Trains the small bark/beep model of {@code bench/ingest-load --detect} (hand-made features,
     * no ONNX embedding), imports it through the hub's API (so it lands in the hub's store, local or
     * S3) and makes it active; returns its id.
     */
    long installModel(URI hub, Path tmp) throws Exception {
        OpenSetModel model = BarkBeepModel.train();
        Path file = Files.createTempFile(tmp, "bench-", ".model");
        ModelStore.save(model, file);
        HttpResponse<String> imported = send(
                HttpRequest.newBuilder(hub.resolve("/api/v1/models/import?name=bench"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))),
                201);
        Matcher id = ID.matcher(imported.body());
        if (!id.find()) {
            throw new IllegalStateException("unexpected import answer " + imported.body());
        }
        long modelId = Long.parseLong(id.group(1));
        send(
                HttpRequest.newBuilder(hub.resolve("/api/v1/models/active"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"modelId\":" + modelId + "}")),
                200);
        return modelId;
    }

    HttpResponse<String> send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(
                request.header("Authorization", basic)
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(
                    r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }
}
