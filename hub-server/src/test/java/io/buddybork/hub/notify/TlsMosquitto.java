package io.buddybork.hub.notify;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the test's own, started from the machine's {@code mosquitto} binary: TLS with a
 * self-signed certificate for 127.0.0.1 (made with keytool), a user with a password, no anonymous
 * clients. Hands the hub its {@code ssl://} URL, credentials and a trust store holding the certificate.
 */
public class TlsMosquitto implements QuarkusTestResourceLifecycleManager {
    /** Credentials of the broker's only user. */
    public static final String USER = "hub";

    public static final String PASSWORD = "broker-secret-1";
    private static final String STORE_PASSWORD = "changeit";

    private Process broker;
    private static volatile int port;
    private static volatile Path trustStore;

    /** The broker's TLS port. */
    static int port() {
        return port;
    }

    /** The trust store (PKCS#12) with the broker's certificate. */
    static Path trustStore() {
        return trustStore;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("bb-mosquitto-tls-");
            String keytool =
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Path keys = dir.resolve("broker.p12");
            run(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=buddybork-test-broker",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-keystore",
                    keys.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    STORE_PASSWORD,
                    "-keypass",
                    STORE_PASSWORD);
            Path cert = dir.resolve("broker-cert.pem");
            run(
                    keytool,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "broker",
                    "-keystore",
                    keys.toString(),
                    "-storepass",
                    STORE_PASSWORD,
                    "-file",
                    cert.toString());
            trustStore = dir.resolve("trust.p12");
            run(
                    keytool,
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "broker",
                    "-file",
                    cert.toString(),
                    "-keystore",
                    trustStore.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    STORE_PASSWORD);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keys)) {
                ks.load(in, STORE_PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) ks.getKey("broker", STORE_PASSWORD.toCharArray());
            Path keyPem = dir.resolve("broker-key.pem");
            Files.writeString(
                    keyPem,
                    "-----BEGIN PRIVATE KEY-----\n"
                            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                    .encodeToString(key.getEncoded())
                            + "\n-----END PRIVATE KEY-----\n");
            Path passwords = dir.resolve("passwords");
            Files.writeString(passwords, "");
            run("mosquitto_passwd", "-b", passwords.toString(), USER, PASSWORD);
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(
                    conf,
                    String.join(
                            "\n",
                            "per_listener_settings false",
                            "allow_anonymous false",
                            "password_file " + passwords,
                            "listener " + port + " 127.0.0.1",
                            "certfile " + cert,
                            "keyfile " + keyPem,
                            "log_dest stderr",
                            ""));
            // run as root, mosquitto drops to its own user, which must read the files of this directory
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path f : List.of(cert, keyPem, passwords, conf)) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
            broker = new ProcessBuilder("mosquitto", "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!listening()) {
                if (!broker.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "test broker did not start: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(100);
            }
            return Map.of(
                    "buddybork.mqtt.url",
                    "ssl://127.0.0.1:" + port,
                    "buddybork.mqtt.username",
                    USER,
                    "buddybork.mqtt.password",
                    PASSWORD,
                    "buddybork.mqtt.truststore",
                    trustStore.toString(),
                    "buddybork.mqtt.truststore-password",
                    STORE_PASSWORD,
                    "buddybork.mqtt.topic-prefix",
                    "bbtls",
                    "buddybork.mqtt.discovery-enabled",
                    "false");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.destroy();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
