package io.buddybork.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.hub.testing.TestWavs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With its database gone, the hub answers uploads 503 with Retry-After (never 2xx, so devices
 * keep their segments), reports itself not ready, and stores again once the database is back.
 */
class DatabaseOutageIT {
    private static final String ADMIN_PASSWORD = "it-admin-password";

    @TempDir
    Path tmp;

    @Test
    void uploadsGet503WhileTheDatabaseIsDownAndSucceedAfterwards() throws Exception {
        String db = ItDatabases.name("outage");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db;
            try (HubProcess hub = HubProcess.builder()
                    .dataDir(tmp.resolve("data"))
                    .jdbcUrl(jdbcUrl)
                    .adminPassword(ADMIN_PASSWORD)
                    .env("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "2S")
                    .start()) {
                HubClient client = new HubClient(hub.baseUri(), "admin", ADMIN_PASSWORD);
                HubClient.Device device = client.createDevice("outage");
                long start = (System.currentTimeMillis() - 60_000) / 3000 * 3000;
                assertThat(client.upload(device.token(), start, TestWavs.segment(1))
                                .statusCode())
                        .isEqualTo(201);

                proxy.cut();
                byte[] second = TestWavs.segment(2);
                HttpResponse<String> refused = client.upload(device.token(), start + 3000, second);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.body()).contains("database-unavailable");
                assertThat(client.get("/q/health/ready").statusCode()).isEqualTo(503);
                HttpResponse<String> read = client.get("/api/v1/devices");
                assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
                assertThat(read.body()).contains("database-unavailable");

                proxy.restore();
                // the device retries while the pool reconnects
                HttpResponse<String> stored = await("upload after the database is back")
                        .atMost(ItWaits.GIVE_UP)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> client.upload(device.token(), start + 3000, second), r -> r.statusCode() != 503);
                assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
            }
        } finally {
            ItDatabases.drop("jdbc:postgresql://127.0.0.1:5432/" + db);
        }
    }
}
