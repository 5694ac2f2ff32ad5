package io.buddybork.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start of the packaged hub: database creation, the first-admin hint, and a missing PostgreSQL. */
class HubStartupIT {

    @TempDir
    Path tmp;

    @Test
    void freshStartCreatesTheDatabaseAndExplainsHowToCreateTheFirstAdmin() throws Exception {
        String db = "buddybork_it_fresh";
        HubProcess.dropDatabase("jdbc:postgresql://localhost:5432/" + db);
        try (HubProcess hub = HubProcess.builder()
                .dataDir(tmp.resolve("data"))
                .jdbcUrl("jdbc:postgresql://localhost:5432/" + db)
                .start()) {
            assertThat(hub.logTail(200))
                    .contains("Created PostgreSQL database '" + db + "'")
                    .contains("BUDDYBORK_ADMIN_PASSWORD");
            HttpResponse<String> devices = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(hub.baseUri().resolve("/api/v1/devices"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(devices.statusCode()).isEqualTo(401);
            assertThat(devices.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(hub.managementUri().resolve("/q/metrics"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("buddybork_segments_stored_bytes_total");
        } finally {
            HubProcess.dropDatabase("jdbc:postgresql://localhost:5432/" + db);
        }
    }

    @Test
    void unreachablePostgresqlStopsTheHubWithAClearMessage() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HubProcess hub = HubProcess.builder()
                .dataDir(tmp.resolve("data2"))
                .jdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/buddybork")
                .startTimeout(Duration.ofSeconds(60))
                .build();
        assertThatThrownBy(hub::start).hasMessageContaining("exited");
        String log = Files.readString(hub.log());
        assertThat(log)
                .contains("Cannot connect to PostgreSQL at 127.0.0.1:" + closedPort)
                .contains("QUARKUS_DATASOURCE_JDBC_URL");
    }
}
