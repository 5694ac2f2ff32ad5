package io.buddybork.edge.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class StatusServerTest {

    @Test
    void servesPrometheusTextAndHealthOnLoopbackAndClosesTwiceSafely() throws Exception {
        EdgeMetrics metrics = new EdgeMetrics();
        metrics.segmentsUploaded.set(42);
        metrics.spoolDepth.set(3);
        metrics.lastUploadEpochMs.set(1_800_000_000_500L);
        StatusServer server = StatusServer.start("127.0.0.1", 0, metrics, () -> "capturing; spool 3 segments");
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + server.port());
        HttpResponse<String> m = http.send(
                HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(m.body())
                .contains(
                        "# TYPE buddybork_edge_segments_uploaded_total counter\nbuddybork_edge_segments_uploaded_total 42\n")
                .contains("buddybork_edge_spool_depth 3\n")
                .contains("buddybork_edge_last_upload_timestamp_seconds 1800000000.500\n")
                .contains("buddybork_edge_overruns_total 0\n")
                .contains("buddybork_edge_segments_evicted_total 0\n");
        assertThat(http.send(
                                HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .isEqualTo("capturing; spool 3 segments\n");
        assertThat(http.send(
                                HttpRequest.newBuilder(base.resolve("/metrics"))
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(405);
        server.close();
        server.close();
    }
}
