package io.buddybork.hub.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The public port tells anonymous callers only UP or DOWN; metrics and the detailed health report
 * are on the management interface, which listens on localhost only, so strangers learn nothing
 * about the hub's internals.
 */
@QuarkusTest
class PublicHealthRoutesTest {

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL detailedReadiness;

    @Test
    void livenessAndReadinessAreAnonymousWithABareStatus() {
        assertThat(given().get("/q/health/live")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo("{\"status\":\"UP\"}");
        assertThat(given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void metricsAndTheDetailedReportAreNotOnThePublicPort() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/started", "/q/health/well"}) {
            int status = given().redirects().follow(false).get(path).statusCode();
            assertThat(status).as(path).isIn(401, 404);
        }
    }

    @Test
    void theManagementInterfaceServesMetricsAndTheDetailedReportOnLoopback() {
        assertThat(metrics.getHost()).isIn("localhost", "127.0.0.1");
        assertThat(metrics.getPath()).isEqualTo("/q/metrics");
        assertThat(given().get(metrics).then().statusCode(200).extract().asString())
                .contains("jvm_memory_used_bytes");
        assertThat(given().get(detailedReadiness)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("data-dir");
    }
}
