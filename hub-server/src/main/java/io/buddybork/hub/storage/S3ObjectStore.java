package io.buddybork.hub.storage;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage) through the AWS SDK v2. A put sends
 * Content-MD5, so the server refuses bytes damaged on the way, and returns only after the server
 * acknowledged it: S3 writes are atomic (a reader sees the old object or the whole new one) and
 * durable once acknowledged. Every SDK failure is rethrown as an {@link IOException} so callers
 * treat an unreachable store like an unwritable disk (503, retry). Thread-safe (the SDK client is).
 */
public final class S3ObjectStore implements ObjectStore {
    private static final Logger LOG = Logger.getLogger(S3ObjectStore.class);

    private final S3Client client;
    private final String bucket;
    private final String endpoint;

    /** A store over {@code bucket} reached through {@code client}; {@code endpoint} only describes it. */
    public S3ObjectStore(S3Client client, String bucket, String endpoint) {
        this.client = client;
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    @Override
    public StorageConfig.Backend backend() {
        return StorageConfig.Backend.S3;
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        ObjectStore.requireKey(key);
        try {
            client.putObject(
                    b -> b.bucket(bucket)
                            .key(key)
                            .contentLength((long) bytes.length)
                            .contentMD5(md5(bytes)),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("store", key, e);
        }
    }

    @Override
    public byte[] read(String key) throws IOException {
        ObjectStore.requireKey(key);
        try {
            return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key, null, "no object in bucket " + bucket);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        ObjectStore.requireKey(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        if (length == 0) {
            size(key); // still "no such file" for a missing object
            return new byte[0];
        }
        try {
            return client.getObjectAsBytes(
                            b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key, null, "no object in bucket " + bucket);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) { // the range starts at or past the end
                size(key);
                return new byte[0];
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        ObjectStore.requireKey(key);
        try {
            return client.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key, null, "no object in bucket " + bucket);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(key, null, "no object in bucket " + bucket);
            }
            throw failure("look up", key, e);
        } catch (SdkException e) {
            throw failure("look up", key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        ObjectStore.requireKey(key);
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD has no body, so some servers give no error code
                return false;
            }
            throw failure("look up", key, e);
        } catch (SdkException e) {
            throw failure("look up", key, e);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        // S3's DELETE answers 204 whether or not the object was there; the HEAD tells which
        boolean present = exists(key);
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
            return present;
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void list(String prefix, Consumer<StoredObject> sink) throws IOException {
        try {
            for (S3Object o : client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(prefix))
                    .contents()) {
                // "folder" markers (keys ending in /, made by consoles and some servers) are not objects of ours
                if (!o.key().endsWith("/")) {
                    sink.accept(new StoredObject(o.key(), o.size(), o.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
    }

    @Override
    public void probe() throws IOException {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            createBucket();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("reach", "bucket " + bucket, e);
            }
            createBucket();
        } catch (SdkException e) {
            throw failure("reach", "bucket " + bucket, e);
        }
    }

    private void createBucket() throws IOException {
        try {
            client.createBucket(b -> b.bucket(bucket));
            LOG.infof("Created bucket %s at %s", bucket, endpoint);
        } catch (BucketAlreadyOwnedByYouException e) {
            // another hub created it first
        } catch (SdkException e) {
            throw failure("create", "bucket " + bucket, e);
        }
    }

    @Override
    public String describe() {
        return "s3 " + endpoint + " bucket " + bucket;
    }

    @Override
    public Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /** Closes the SDK client (its connections). */
    void close() {
        client.close();
    }

    private IOException failure(String what, String key, SdkException e) {
        return new IOException(
                "S3 cannot " + what + " " + key + " in bucket " + bucket + " at " + endpoint + ": " + e.getMessage(),
                e);
    }

    private static String md5(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
