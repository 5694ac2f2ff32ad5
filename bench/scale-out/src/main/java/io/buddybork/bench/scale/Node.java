package io.buddybork.bench.scale;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged hub process of the benchmark (hub or worker): started with its environment, stopped at the end. */
final class Node implements AutoCloseable {
    final String name;
    final URI base;
    final URI management;
    final Path log;
    private final Process process;

    private Node(String name, URI base, URI management, Path log, Process process) {
        this.name = name;
        this.base = base;
        this.management = management;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code jar} with the hub's defaults plus {@code env}; does not wait (see {@link #awaitReady}). */
    static Node start(String name, Path jar, List<String> javaOptions, Path dataDir, Path log, Map<String, String> env)
            throws IOException {
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        e.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        e.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        // a bare IPv6 address here costs a DNS client per request (docs/benchmarks.md, "Hub ingest")
        e.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1,[::1]");
        e.put("BUDDYBORK_DATA_DIR", dataDir.toAbsolutePath().toString());
        e.put("BUDDYBORK_CLUSTER_INSTANCE_ID", "bench-" + name);
        e.putAll(env);
        return new Node(
                name,
                URI.create("http://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + managementPort),
                log,
                pb.start());
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    Node awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited early; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready in " + timeout + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
