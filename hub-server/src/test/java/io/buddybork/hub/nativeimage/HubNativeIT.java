package io.buddybork.hub.nativeimage;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * The native binary (profile {@code native}) does what the JVM hub does on the paths that need
 * reflection or resources: Flyway migrations at startup, Qute pages, JSON records, the web bundle,
 * ingest, health with the native-library findings. Runs only under {@code -Dnative}.
 */
@QuarkusIntegrationTest
class HubNativeIT {

    // Served by the management interface (loopback), not the public port.
    @io.quarkus.test.common.http.TestHTTPResource(value = "/health", management = true)
    java.net.URL healthUrl;

    @Test
    void theNativeHubMigratesServesPagesIngestsAndReportsItsNativeLibraries() {
        RestAssured.get("/q/health/ready").then().statusCode(200);
        RestAssured.get("/login").then().statusCode(200).body(containsString("<form"));
        Device d = createDevice("native");
        long start = nextStart();
        upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
        asAdmin().get("/api/v1/storage").then().statusCode(200).body(containsString("\"segments\""));
        RestAssured.get(healthUrl).then().body("checks.name", hasItem("native-libraries"));
    }
}
