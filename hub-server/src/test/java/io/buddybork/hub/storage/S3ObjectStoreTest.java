package io.buddybork.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 backend against the store contract on a real S3 API server (S3Proxy), configured through
 * the contract's environment variables; the bucket does not exist before and is created by the probe.
 */
class S3ObjectStoreTest extends ObjectStoreContract {
    private static S3ProxyServer server;
    private static ObjectStore store;
    private static String bucket;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3ProxyServer.start();
        bucket = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        store = StoreProducer.open(environment(server.secretKey), Path.of("target", "unused"));
        store.probe(); // creates the bucket
    }

    private static StorageConfig environment(String secret) {
        return StorageConfigTest.fromEnvironment(Map.of(
                "BUDDYBORK_STORAGE",
                "s3",
                "BUDDYBORK_S3_ENDPOINT",
                server.endpoint().toString(),
                "BUDDYBORK_S3_BUCKET",
                bucket,
                "BUDDYBORK_S3_REGION",
                "us-east-1",
                "BUDDYBORK_S3_ACCESS_KEY",
                server.accessKey,
                "BUDDYBORK_S3_SECRET_KEY",
                secret));
    }

    @AfterAll
    static void stopServer() {
        if (store != null) {
            StoreProducer.close(store);
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Test
    void theBucketWasCreatedAndObjectsLandInIt() throws Exception {
        String key = root + "2026/12/06/1000.wav";
        store.put(key, "in the bucket".getBytes(StandardCharsets.UTF_8));

        try (var s3 = server.client()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String())
                    .isEqualTo("in the bucket");
        }
        assertThat(store.localFile(key)).isEmpty();
        assertThat(store.describe()).contains(bucket).contains(server.endpoint().toString());
    }

    @Test
    void wrongCredentialsOrAnUnreachableServerAreIoFailures() {
        ObjectStore wrong = StoreProducer.open(environment("not-the-secret"), Path.of("target", "unused"));
        try {
            assertThatThrownBy(() -> wrong.put(root + "x.wav", new byte[] {1})).isInstanceOf(IOException.class);
            assertThatThrownBy(wrong::probe).isInstanceOf(IOException.class);
        } finally {
            StoreProducer.close(wrong);
        }
    }
}
