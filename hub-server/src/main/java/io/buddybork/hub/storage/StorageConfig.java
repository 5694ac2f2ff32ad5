package io.buddybork.hub.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/**
 * Typed configuration of the audio/model store: {@code buddybork.storage} ({@code BUDDYBORK_STORAGE})
 * picks the backend, {@code buddybork.s3.*} ({@code BUDDYBORK_S3_ENDPOINT}, {@code _BUCKET},
 * {@code _REGION}, {@code _ACCESS_KEY}, {@code _SECRET_KEY}) configures the S3 one.
 */
@ConfigMapping(prefix = "buddybork")
public interface StorageConfig {

    /** The backend: {@code local} (the data directory, default) or {@code s3}. */
    @WithDefault("local")
    Backend storage();

    /** The S3-compatible backend; read only when {@link #storage()} is {@code s3}. */
    S3 s3();

    /** The store backends. */
    enum Backend {
        /** Files under the data directory, written with fsync and atomic rename. */
        LOCAL,
        /** Objects in an S3-compatible bucket. */
        S3
    }

    /** The S3-compatible backend. */
    interface S3 {
        /**
         * The S3 API's address for a server other than AWS (MinIO, Garage, Ceph RGW), e.g.
         * {@code http://127.0.0.1:9000}; path-style addressing is used then. Empty: AWS S3.
         */
        Optional<URI> endpoint();

        /** The bucket; created at startup when missing. */
        Optional<String> bucket();

        /** The region the bucket is in (MinIO and most self-hosted servers accept any). */
        @WithDefault("us-east-1")
        String region();

        /** The access key id; empty: the AWS default credential chain (environment, profile, instance role). */
        Optional<String> accessKey();

        /** The secret key that goes with {@link #accessKey()}. */
        Optional<String> secretKey();

        /**
         * Bytes of raw audio the bucket may hold; above it the disk guard deletes the oldest
         * unprotected segments, as it does for a full local disk. Empty: no quota (the age policy
         * {@code buddybork.retention.keep-days} and the provider's own limits apply).
         */
        java.util.OptionalLong quotaBytes();
    }
}
