package io.buddybork.hub.storage;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: S3Proxy (filesystem backend, AWS v2/v4 signatures) as a process
 * of its own on a free port, with a fresh directory under {@code target/}; its fat jar is copied
 * there by the build (maven-dependency-plugin) and kept off the test classpath.
 */
public final class S3ProxyServer implements AutoCloseable {
    /** The access key the server accepts. */
    public final String accessKey;
    /** The secret key the server accepts. */
    public final String secretKey;

    private final Path dir;
    private final URI endpoint;
    private final Process process;

    private S3ProxyServer(Path dir, URI endpoint, String accessKey, String secretKey, Process process) {
        this.dir = dir;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.process = process;
    }

    /** Starts a server and waits until it answers HTTP. */
    public static S3ProxyServer start() {
        try {
            Path jar = Path.of(System.getProperty("s3proxy-test.jar", "target/s3proxy/s3proxy.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("S3Proxy jar missing at " + jar + ": run the build's"
                        + " process-test-resources phase (maven-dependency-plugin copies it)");
            }
            Files.createDirectories(Path.of("target"));
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "s3proxy-");
            Files.createDirectories(dir.resolve("data"));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            String accessKey = "bbkey-" + UUID.randomUUID().toString().substring(0, 8);
            String secretKey = UUID.randomUUID().toString();
            Path props = dir.resolve("s3proxy.properties");
            Files.writeString(
                    props,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=" + endpoint,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + accessKey,
                            "s3proxy.credential=" + secretKey,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + dir.resolve("data"),
                            ""),
                    StandardCharsets.UTF_8);
            String java = ProcessHandle.current().info().command().orElse("java");
            Path log = dir.resolve("s3proxy.log");
            Process p = new ProcessBuilder(
                            List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", props.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            S3ProxyServer server = new S3ProxyServer(dir, endpoint, accessKey, secretKey, p);
            try {
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            if (!p.isAlive()) {
                                throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
                            }
                            return answers(endpoint);
                        });
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode(); // any answer (403 without credentials) means it is up
            c.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The server's address. */
    public URI endpoint() {
        return endpoint;
    }

    /** A client of its own, for tests that look into the bucket behind the hub's back. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: target/ is cleaned by the build anyway
        }
    }
}
