package io.buddybork.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outside contract of the store's settings: exactly these environment variable names. */
class StorageConfigTest {

    /** The store's settings as the hub reads them from these environment variables. */
    static StorageConfig fromEnvironment(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(StorageConfig.class)
                .withValidateUnknown(false)
                .build();
        return config.getConfigMapping(StorageConfig.class);
    }

    @Test
    void theEnvironmentVariablesOfTheContractSelectAndConfigureTheS3Store() {
        StorageConfig c = fromEnvironment(Map.of(
                "BUDDYBORK_STORAGE", "s3",
                "BUDDYBORK_S3_ENDPOINT", "http://127.0.0.1:9000",
                "BUDDYBORK_S3_BUCKET", "buddybork-audio",
                "BUDDYBORK_S3_REGION", "eu-central-1",
                "BUDDYBORK_S3_ACCESS_KEY", "AKIDEXAMPLE",
                "BUDDYBORK_S3_SECRET_KEY", "wJalrXUtnFEMI"));

        assertThat(c.storage()).isEqualTo(StorageConfig.Backend.S3);
        assertThat(c.s3().endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(c.s3().bucket()).contains("buddybork-audio");
        assertThat(c.s3().region()).isEqualTo("eu-central-1");
        assertThat(c.s3().accessKey()).contains("AKIDEXAMPLE");
        assertThat(c.s3().secretKey()).contains("wJalrXUtnFEMI");
    }

    @Test
    void withoutSettingsTheStoreIsTheLocalDataDirectory() {
        StorageConfig c = fromEnvironment(Map.of());

        assertThat(c.storage()).isEqualTo(StorageConfig.Backend.LOCAL);
        assertThat(c.s3().endpoint()).isEmpty();
        assertThat(c.s3().region()).isEqualTo("us-east-1");
        assertThat(StoreProducer.open(c, java.nio.file.Path.of("target", "storage-config-test")))
                .isInstanceOf(LocalObjectStore.class);
    }

    @Test
    void storageLocalIsAcceptedSpelledOut() {
        assertThat(fromEnvironment(Map.of("BUDDYBORK_STORAGE", "local")).storage())
                .isEqualTo(StorageConfig.Backend.LOCAL);
    }
}
