package io.buddybork.hub.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs the packaged hub ({@code hub-server/target/quarkus-app/quarkus-run.jar}) as a child
 * process for end-to-end tests: on free ports, with the given database, data directory, first
 * admin password, optional TLS certificate and any extra environment; waits until
 * {@code /q/health/ready} answers 200; stops it gently (SIGTERM) or hard (SIGKILL, a crash) and
 * can start it again with the same settings. Output goes to a log file whose tail is put into
 * every failure message.
 *
 * <pre>{@code
 * String jdbc = ItDatabases.url("example");  // a database of its own; ItDatabases.drop(jdbc) after
 * try (HubProcess hub = HubProcess.builder().dataDir(tmp).jdbcUrl(jdbc).adminPassword("it-admin-password").start()) {
 *     URI api = hub.baseUri();            // http://127.0.0.1:<port>
 *     hub.kill();                         // crash it
 *     hub.start();                        // same port, database and data directory
 * }
 * }</pre>
 *
 * Defaults come from system properties so that any module can use it: {@code buddybork.hub.jar}
 * (else the jar is looked for from the working directory and its parent), {@code
 * buddybork.it.java} (else the running JVM's {@code java}). Not thread-safe; one instance per hub.
 *
 * <p>The hub runs in a session of its own ({@code setsid}, where the machine has it), as systemd
 * runs it in a cgroup of its own: its scoring threads lower themselves to nice 19, which ranks them
 * below the hub's uploads and pages. Linux's autogroup ranks nice values only within a session, so
 * in the test run's session a busy CI machine's test JVMs and builds, all at nice 0, left scoring
 * nearly no CPU: two runs at once (load 10) saw no segment scored in 5 minutes, in ScaleOutIT and
 * NotificationsEndToEndIT.
 */
public final class HubProcess implements AutoCloseable {
    /**
     * setsid(1), which starts the hub in a session of its own (see the class comment); it calls
     * setsid() and execs in place, so the process's pid is the hub's. Empty where there is none.
     */
    private static final List<String> OWN_SESSION =
            Files.isExecutable(Path.of("/usr/bin/setsid")) ? List.of("/usr/bin/setsid") : List.of();

    /** Base URL from which {@link ItDatabases} derives each run's own database names. */
    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://localhost:5432/buddybork_it";

    private final Path jar;
    private final Path java;
    private final Map<String, String> env;
    private final Path log;
    private final Duration startTimeout;
    private final int httpPort;
    private final int httpsPort;
    private final int managementPort;
    private final boolean tls;
    private final List<String> jvmOptions;
    private Process process;
    private AotCache.Use aot;

    private HubProcess(Builder b) throws IOException {
        this.jar = b.jar != null ? b.jar : locateJar();
        this.java = b.java != null
                ? b.java
                : Path.of(System.getProperty(
                        "buddybork.it.java",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.tls = b.certificate != null;
        this.httpsPort = tls ? freePort() : -1;
        this.startTimeout = b.startTimeout;
        this.jvmOptions = b.fullJit ? List.of("-Xmx512m") : List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");
        Path dataDir = Objects.requireNonNull(b.dataDir, "dataDir is required");
        this.log = b.log != null ? b.log : dataDir.resolveSibling(dataDir.getFileName() + "-hub.log");
        Map<String, String> e = new LinkedHashMap<>();
        e.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        e.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        e.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        if (b.jdbcUrl == null) {
            // A hub on the shared default database would see every other test's rows: each test
            // names its own (ItDatabases.url(purpose)), created and dropped by the test.
            throw new IllegalStateException("name the hub's database: jdbcUrl(ItDatabases.url(\"<purpose>\"))");
        }
        e.put("QUARKUS_DATASOURCE_JDBC_URL", b.jdbcUrl);
        e.put("BUDDYBORK_DATA_DIR", dataDir.toAbsolutePath().toString());
        if (b.adminPassword != null) {
            e.put("BUDDYBORK_ADMIN_PASSWORD", b.adminPassword);
        }
        if (tls) {
            e.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(httpsPort));
            e.put(
                    "QUARKUS_HTTP_SSL_CERTIFICATE_FILES",
                    b.certificate.toAbsolutePath().toString());
            e.put(
                    "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES",
                    b.key.toAbsolutePath().toString());
        }
        e.putAll(b.env);
        this.env = Map.copyOf(e);
    }

    /** A builder; {@link Builder#dataDir} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the hub (again) and waits until it is ready. */
    public HubProcess start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("hub is already running");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no hub jar at " + jar + ": run ./mvnw -pl hub-server -am package first");
        }
        finishAot();
        List<String> command = new ArrayList<>(OWN_SESSION);
        command.add(java.toString());
        command.addAll(jvmOptions);
        AotCache cache = AotCache.of(java, jar, jvmOptions);
        aot = cache != null ? cache.use() : null;
        if (aot != null) {
            command.addAll(aot.options());
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        try {
            awaitReady();
        } catch (RuntimeException e) {
            process.waitFor(30, TimeUnit.SECONDS);
            if (aot != null) {
                aot.discard(); // a start that failed records too few classes to be worth a cache
                aot = null;
            }
            throw e;
        }
        return this;
    }

    /** After the process exited: hands a class recording it wrote to the AOT cache. */
    private void finishAot() {
        if (aot != null && process != null && !process.isAlive()) {
            aot.finished();
            aot = null;
        }
    }

    /** Stops the hub with SIGTERM (graceful shutdown) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        finishAot();
    }

    /** Kills the hub with SIGKILL, as a crash or power cut would, and waits for it to be gone. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        finishAot();
    }

    /** Whether the process is running. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** {@code http://127.0.0.1:<management port>}: metrics and detailed health (localhost only). */
    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    /** {@code https://localhost:<port>}; only with a certificate. */
    public URI httpsUri() {
        if (!tls) {
            throw new IllegalStateException("started without TLS");
        }
        return URI.create("https://localhost:" + httpsPort);
    }

    /** The HTTP port. */
    public int port() {
        return httpPort;
    }

    /** The process id, e.g. to send other signals. */
    public long pid() {
        return process.pid();
    }

    /** The log file (stdout and stderr of every start). */
    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the hub (SIGTERM); keeps the thread's interrupt status if interrupted meanwhile. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        HttpClient client = ItHttp.client(Duration.ofSeconds(2));
        HttpRequest ready = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            await("hub ready")
                    .atMost(startTimeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "hub exited with " + process.exitValue() + " while starting:\n" + logTail(40));
                        }
                        try {
                            return client.send(ready, HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 200;
                        } catch (IOException notYet) {
                            return false; // not listening yet
                        }
                    });
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("hub not ready within " + startTimeout + ":\n" + logTail(40), e);
        }
    }

    /**
     * Drops the database named in {@code jdbcUrl} (PostgreSQL, user postgres, trust auth) so the
     * next hub start creates it empty. Only for a test's own database.
     */
    public static void dropDatabase(String jdbcUrl) throws SQLException {
        Matcher m =
                Pattern.compile("jdbc:postgresql://([^/]+)/([A-Za-z0-9_]+).*").matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a plain PostgreSQL URL: " + jdbcUrl);
        }
        try (Connection c =
                        DriverManager.getConnection("jdbc:postgresql://" + m.group(1) + "/postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists \"" + m.group(2) + "\" with (force)");
        }
    }

    private static Path locateJar() {
        String configured = System.getProperty("buddybork.hub.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(
                cwd.resolve("target/quarkus-app/quarkus-run.jar"),
                cwd.resolve("hub-server/target/quarkus-app/quarkus-run.jar"),
                cwd.resolveSibling("hub-server").resolve("target/quarkus-app/quarkus-run.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return cwd.resolve("hub-server/target/quarkus-app/quarkus-run.jar");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Settings of a {@link HubProcess}. */
    public static final class Builder {
        private Path jar;
        private Path java;
        private String jdbcUrl;
        private Path dataDir;
        private String adminPassword;
        private Path certificate;
        private Path key;
        private Path log;
        private Duration startTimeout = ItWaits.GIVE_UP;
        private boolean fullJit;
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder() {}

        /** The hub jar (default: see class comment). */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** The java launcher (default: the running JVM's). */
        public Builder java(Path java) {
            this.java = java;
            return this;
        }

        /** The database (default: {@code buddybork.it.jdbc-url} or {@link #DEFAULT_JDBC_URL}). */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The data root (required). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Password of the first admin ({@code admin}), used when the database has no user yet. */
        public Builder adminPassword(String adminPassword) {
            this.adminPassword = adminPassword;
            return this;
        }

        /** Serve HTTPS too, with a PEM certificate and key. */
        public Builder tls(Path certificatePem, Path keyPem) {
            this.certificate = certificatePem;
            this.key = keyPem;
            return this;
        }

        /** Where the hub's output goes (default: next to the data directory). */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        /** How long to wait for readiness (default {@link ItWaits#GIVE_UP}). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Lets the JIT compile with C2 as well, as in production, for a hub that does heavy work
         * (model training). By default a test hub runs C1 code only ({@code -XX:TieredStopAtLevel=1}):
         * the same behaviour, with about half the CPU for its start-up and short tests.
         */
        public Builder fullJit() {
            this.fullJit = true;
            return this;
        }

        /** Any other environment variable, e.g. {@code QUARKUS_LOG_LEVEL}. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Builds and starts the hub. */
        public HubProcess start() throws IOException, InterruptedException {
            return new HubProcess(this).start();
        }

        /** Builds without starting. */
        public HubProcess build() throws IOException {
            return new HubProcess(this);
        }
    }
}
