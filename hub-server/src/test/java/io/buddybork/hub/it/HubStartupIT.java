package io.buddybork.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First start of the packaged hub: database creation, the first-admin hint, a missing PostgreSQL,
 * and the hub's time zone (an unknown one stops it). The first start on a new database (with a
 * configured time zone) is shared by the tests that look at it.
 */
class HubStartupIT {
    private static final String FRESH_URL = ItDatabases.url("fresh");

    @TempDir
    Path tmp;

    @TempDir
    static Path sharedTmp;

    /**
     * The first start on a new database, without a first admin password and with a time zone of its
     * own: shared by the two tests that look at it (one hub start fewer), started by the first.
     */
    private static HubProcess fresh;

    private static synchronized HubProcess freshHub() throws Exception {
        if (fresh == null) {
            fresh = HubProcess.builder()
                    .dataDir(sharedTmp.resolve("data"))
                    .jdbcUrl(FRESH_URL)
                    .env("BUDDYBORK_TIME_ZONE", "Pacific/Auckland")
                    .build();
            fresh.start();
        }
        return fresh;
    }

    @AfterAll
    static void stopFreshHub() {
        if (fresh != null) {
            fresh.close();
        }
        ItDatabases.drop(FRESH_URL);
    }

    @Test
    void freshStartCreatesTheDatabaseAndExplainsHowToCreateTheFirstAdmin() throws Exception {
        String db = ItDatabases.name("fresh");
        HubProcess hub = freshHub();
        assertThat(hub.logTail(200))
                .contains("Created PostgreSQL database '" + db + "'")
                .contains("BUDDYBORK_ADMIN_PASSWORD");
        HttpResponse<String> devices = ItHttp.client()
                .send(
                        HttpRequest.newBuilder(hub.baseUri().resolve("/api/v1/devices"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(devices.statusCode()).isEqualTo(401);
        assertThat(devices.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ItHttp.client()
                        .send(
                                HttpRequest.newBuilder(hub.managementUri().resolve("/q/metrics"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("buddybork_segments_stored_bytes_total");
    }

    @Test
    void aCleanStartAndAClosedDashboardTabLogNothingAboveInfo() throws Exception {
        String url = ItDatabases.url("clean");
        try (HubProcess hub = HubProcess.builder()
                .dataDir(tmp.resolve("data-clean"))
                .jdbcUrl(url)
                .adminPassword("it-admin-password")
                .start()) {
            HubClient admin = new HubClient(hub.baseUri(), "admin", "it-admin-password");
            HubClient.Device device = admin.createDevice("closed-tab");
            // a dashboard tab: the live feed opens, then the tab is closed
            HttpClient browser = ItHttp.client();
            HttpRequest live = HttpRequest.newBuilder(hub.baseUri().resolve("/api/v1/live"))
                    .header("Accept", "text/event-stream")
                    .header(
                            "Authorization",
                            "Basic "
                                    + java.util.Base64.getEncoder()
                                            .encodeToString("admin:it-admin-password"
                                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .build();
            HttpResponse<java.io.InputStream> stream = browser.send(live, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            stream.body().read(); // the feed is open
            stream.body().close();
            browser.close();
            // the hub now writes its events to the closed connection
            long start = (System.currentTimeMillis() - 3_600_000L) / 3000 * 3000;
            for (int k = 0; k < 5; k++) {
                assertThat(admin.upload(
                                        device.token(),
                                        start + 3000L * k,
                                        io.buddybork.model.testaudio.SyntheticSounds.wav(
                                                io.buddybork.model.testaudio.SyntheticSounds.Kind.BARK, k))
                                .statusCode())
                        .isEqualTo(201);
            }
            String log = Files.readString(hub.log());
            assertThat(log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                    .as("a clean start on an empty database and a closed tab log nothing above INFO")
                    .isEmpty();
        } finally {
            ItDatabases.drop(url);
        }
    }

    @Test
    void theSamePortForWebAndManagementStopsTheHubWithTheWayOut() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HubProcess hub = HubProcess.builder()
                .dataDir(tmp.resolve("data3"))
                .jdbcUrl(ItDatabases.url("same_port"))
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("QUARKUS_MANAGEMENT_PORT", Integer.toString(port))
                .startTimeout(ItWaits.GIVE_UP)
                .build();
        assertThatThrownBy(hub::start).hasMessageContaining("exited");
        assertThat(Files.readString(hub.log()))
                .contains("The web port and the management port are both " + port)
                .contains("QUARKUS_MANAGEMENT_PORT=" + (port + 1));
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
                .startTimeout(ItWaits.GIVE_UP)
                .build();
        assertThatThrownBy(hub::start).hasMessageContaining("exited");
        String log = Files.readString(hub.log());
        assertThat(log)
                .contains("Cannot connect to PostgreSQL at 127.0.0.1:" + closedPort)
                .contains("QUARKUS_DATASOURCE_JDBC_URL");
    }

    @Test
    void anUnknownTimeZoneStopsTheHubWithAMessageNamingTheVariable() throws Exception {
        HubProcess hub = HubProcess.builder()
                .dataDir(tmp.resolve("data-zone-bad"))
                .jdbcUrl(ItDatabases.url("zone_bad"))
                .env("BUDDYBORK_TIME_ZONE", "Europe/Berln")
                .startTimeout(ItWaits.GIVE_UP)
                .build();
        assertThatThrownBy(hub::start).hasMessageContaining("exited");
        assertThat(Files.readString(hub.log()))
                .contains("BUDDYBORK_TIME_ZONE (buddybork.time-zone) is 'Europe/Berln', which is not a time zone")
                .contains("Europe/Berlin");
    }

    @Test
    void aConfiguredTimeZoneIsWhereTheDailyCountsAreKept() throws Exception {
        freshHub(); // it started: the cron jobs of backup and retention took the zone as well
        try (Connection c = DriverManager.getConnection(FRESH_URL, "postgres", null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select zone from raw_day_count_zone")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Pacific/Auckland");
        }
    }
}
