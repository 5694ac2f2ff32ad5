package io.buddybork.hub.storage;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** A test hub whose audio and models live in an S3 bucket of a real S3 API server (S3Proxy). */
public class WithS3Storage implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3ProxyResource.class));
    }
}
