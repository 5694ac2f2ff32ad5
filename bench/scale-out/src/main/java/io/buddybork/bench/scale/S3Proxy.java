package io.buddybork.bench.scale;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** S3Proxy (filesystem backend) as a process of its own on a free port, with a fresh directory; removed on close. */
final class S3Proxy implements AutoCloseable {
    final URI endpoint;
    final String accessKey = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    final String secretKey = UUID.randomUUID().toString();
    private final Path dir;
    private final Process process;

    S3Proxy(Path jar, Path parent, List<String> javaOptions) throws IOException, InterruptedException {
        dir = Files.createTempDirectory(parent, "s3proxy-");
        Files.createDirectories(dir.resolve("data"));
        endpoint = URI.create("http://127.0.0.1:" + Node.freePort());
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
                        ""));
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "--properties", props.toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("S3Proxy did not start; see " + dir.resolve("s3proxy.log"));
            }
            Thread.sleep(200);
        }
    }

    private boolean answers() {
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

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }
}
