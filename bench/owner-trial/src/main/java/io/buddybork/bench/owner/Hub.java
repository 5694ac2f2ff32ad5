package io.buddybork.bench.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One packaged hub as a child process on its own port, its own freshly dropped and created
 * PostgreSQL database and its own temporary data directory, with the JSON calls an owner's browser
 * or device makes (admin by HTTP basic, devices by bearer token). {@link #close} stops the process
 * (SIGTERM, then kill after 30 s) and, unless kept, removes the data directory and the database; a
 * JVM shutdown hook does the same when the harness is stopped (the log stays). Not thread-safe.
 */
final class Hub implements AutoCloseable {
    static final String JDBC_BASE = "jdbc:postgresql://127.0.0.1:5432/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Process process;
    private final Thread hook;
    private final URI base;
    private final String basic;
    private final Path dataDir;
    private final Path log;
    private final String database;
    private final boolean keep;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Hub(Process process, URI base, String basic, Path dataDir, Path log, String database, boolean keep) {
        this.process = process;
        this.hook = new Thread(this::cleanUp, "stop-hub");
        this.base = base;
        this.basic = basic;
        this.dataDir = dataDir;
        this.log = log;
        this.database = database;
        this.keep = keep;
    }

    /** Thrown when the hub does not come up; the message names its log. */
    static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }

    /**
     * Drops and creates {@code database}, makes a data directory and starts the hub; returns when
     * {@code /q/health/ready} answers 200.
     */
    static Hub start(
            Path jar,
            List<String> javaOptions,
            int port,
            int managementPort,
            String database,
            String password,
            boolean keep,
            Duration startTimeout)
            throws Exception {
        recreateDatabase(database);
        Path dataDir = Files.createTempDirectory("buddybork-owner-trial-");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-hub.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", JDBC_BASE + database);
        pb.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        pb.environment().put("BUDDYBORK_DATA_DIR", dataDir.toString());
        pb.environment().put("BUDDYBORK_ADMIN_PASSWORD", password);
        Process p = pb.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        Hub hub = new Hub(p, base, basic, dataDir, log, database, keep);
        Runtime.getRuntime().addShutdownHook(hub.hook);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                hub.close();
                throw new StartFailure("the hub exited during start (exit code " + p.exitValue() + "); its log: " + log
                        + lastLines(log));
            }
            try {
                HttpResponse<Void> r = hub.http.send(
                        HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return hub;
                }
            } catch (IOException notYet) {
                // still starting
            }
            p.waitFor(300, TimeUnit.MILLISECONDS);
        }
        hub.close();
        throw new StartFailure(
                "the hub was not ready within " + startTimeout.toSeconds() + " s; its log: " + log + lastLines(log));
    }

    URI base() {
        return base;
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** An admin call with a JSON body (or none); fails unless the status is {@code expected}. */
    JsonNode call(String method, String path, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic)
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new ApiFailure(
                    method + " " + path + " answered " + r.statusCode() + " (expected " + expected + "): " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return call("GET", path, null, 200);
    }

    /** {@code PUT /api/v1/segments/{startMs}} as a device; returns the stored segment's raw id (201 or 200). */
    long upload(String token, long startMs, byte[] wav) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/segments/" + startMs))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "audio/wav")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(wav))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new ApiFailure("PUT /api/v1/segments/" + startMs + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asLong();
    }

    /** An answer of the hub that the scenario cannot go on with. */
    static final class ApiFailure extends IOException {
        ApiFailure(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook cleans up
        }
        cleanUp();
    }

    /** Stops the process, then removes the data directory and the database unless kept; once. */
    private void cleanUp() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop(process);
        if (keep) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot remove " + dataDir + ": " + e.getMessage());
        }
        try {
            dropDatabase(database);
        } catch (SQLException e) {
            System.err.println("cannot drop database " + database + ": " + e.getMessage());
        }
    }

    /** Removes the hub's log (kept until the trial succeeded). */
    void deleteLog() throws IOException {
        if (!keep) {
            Files.deleteIfExists(log);
        }
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void recreateDatabase(String database) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + database);
        }
        dropDatabase(database);
        try (Connection c = DriverManager.getConnection(JDBC_BASE + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
    }

    private static void dropDatabase(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC_BASE + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n  | " + String.join("\n  | ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
