package io.buddybork.hub.storage;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Starts an {@link S3ProxyServer} for a test hub and points the hub's store at a bucket of its own
 * (which the hub creates at startup); {@link #server()} lets the tests look into the bucket.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {
    /** The soft quota of the test hub's bucket: 1 TiB. */
    public static final long QUOTA_BYTES = 1L << 40;

    private static volatile S3ProxyServer current;
    private static volatile String bucket;

    @Override
    public Map<String, String> start() {
        current = S3ProxyServer.start();
        bucket = "bb-test-" + UUID.randomUUID().toString().substring(0, 8);
        return Map.of(
                "buddybork.storage",
                "s3",
                "buddybork.s3.endpoint",
                current.endpoint().toString(),
                "buddybork.s3.bucket",
                bucket,
                "buddybork.s3.region",
                "us-east-1",
                "buddybork.s3.access-key",
                current.accessKey,
                "buddybork.s3.secret-key",
                current.secretKey,
                // bounded, so the disk guard counts the bucket's audio, but never near full here
                "buddybork.s3.quota-bytes",
                Long.toString(QUOTA_BYTES));
    }

    @Override
    public void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** The server of the running test hub. */
    public static S3ProxyServer server() {
        return current;
    }

    /** The bucket of the running test hub. */
    public static String bucket() {
        return bucket;
    }
}
