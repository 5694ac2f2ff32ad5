package io.buddybork.hub.storage;

import io.buddybork.hub.config.HubConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the one {@link ObjectStore} of the process from {@link StorageConfig} at startup: the
 * data directory by default, the S3 bucket when {@code buddybork.storage=s3} (whose bucket is
 * checked, and created when missing, at startup; an unreachable server is logged and reported by
 * readiness rather than stopping the hub, since uploads answer 503 until it is back).
 */
@ApplicationScoped
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @ApplicationScoped
    ObjectStore store(StorageConfig storage, HubConfig hub) {
        return open(storage, hub.dataDir());
    }

    /**
     * Opens the store {@code storage} selects, the local one rooted at {@code dataDir}; also used
     * by the backup commands of the hub jar, which run without the container. The caller closes an
     * S3 store ({@link #close(ObjectStore)}).
     *
     * @throws IllegalStateException when the S3 settings are incomplete
     */
    public static ObjectStore open(StorageConfig storage, Path dataDir) {
        if (storage.storage() == StorageConfig.Backend.LOCAL) {
            return new LocalObjectStore(dataDir);
        }
        StorageConfig.S3 s3 = storage.s3();
        String bucket = s3.bucket()
                .filter(b -> !b.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "BUDDYBORK_STORAGE=s3 needs a bucket: set BUDDYBORK_S3_BUCKET (buddybork.s3.bucket)"));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                // Content-MD5 protects each PUT; the SDK's newer flexible checksums (aws-chunked
                // trailers) are not understood by every S3-compatible server, so only when required
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s3.accessKey().isPresent() != s3.secretKey().isPresent()) {
            throw new IllegalStateException(
                    "set both BUDDYBORK_S3_ACCESS_KEY and BUDDYBORK_S3_SECRET_KEY, or neither (the AWS default chain)");
        }
        builder.credentialsProvider(
                s3.accessKey().isPresent()
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                s3.accessKey().get(), s3.secretKey().get()))
                        : DefaultCredentialsProvider.builder().build());
        String where = "AWS S3 (" + s3.region() + ")";
        if (s3.endpoint().isPresent()) {
            URI endpoint = s3.endpoint().get();
            // self-hosted servers rarely have a DNS name per bucket: path-style addressing
            builder.endpointOverride(endpoint).forcePathStyle(true);
            where = endpoint.toString();
        }
        return new S3ObjectStore(builder.build(), bucket, where);
    }

    void dispose(@Disposes ObjectStore store) {
        close(store);
    }

    /** Releases what {@code store} holds (the S3 client's connections). */
    public static void close(ObjectStore store) {
        if (store instanceof S3ObjectStore s3) {
            s3.close();
        }
    }

    void onStart(@Observes StartupEvent event, ObjectStore store) {
        try {
            store.probe();
            LOG.infof("Audio and model store: %s", store.describe());
        } catch (IOException | RuntimeException e) {
            LOG.warnf(
                    "The audio and model store %s is not usable now (uploads answer 503 until it is): %s",
                    store.describe(), e.getMessage());
        }
    }
}
