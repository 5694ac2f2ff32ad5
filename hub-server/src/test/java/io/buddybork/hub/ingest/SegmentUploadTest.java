package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.wav.WavCodec;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class SegmentUploadTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metricsUrl;

    @Inject
    AgroalDataSource ds;

    @ConfigProperty(name = "buddybork.data-dir")
    Path dataDir;

    Device device;

    @BeforeEach
    void newDevice() {
        device = createDevice("upload-test");
    }

    @Test
    void newSegmentIsStoredWithFileAndRowThenIdenticalRepeatIs200() throws IOException {
        long start = nextStart();
        byte[] wav = TestWavs.segment(3000, 12_345, 7);

        upload(device.token(), start, wav)
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.matchesRegex("/api/v1/raw/[0-9]+/audio"))
                .body("deviceId", equalTo((int) device.id()))
                .body("maxAmp", equalTo(12_345))
                .body("durationMs", equalTo(3000));

        Path file = dataDir.resolve(SegmentNames.relativePath(device.id(), start));
        assertThat(file).exists();
        assertThat(Files.readAllBytes(file)).isEqualTo(wav);
        assertThat(Db.queryLong(
                        ds,
                        "select max_amp from raw where device_id = ? and start_time = to_timestamp(? / 1000.0)",
                        device.id(),
                        start))
                .isEqualTo(12_345);
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings.filter(p -> p.getFileName().toString().endsWith(".tmp")))
                    .isEmpty();
        }

        upload(device.token(), start, wav).then().statusCode(200).body("maxAmp", equalTo(12_345));
        assertThat(Db.rawRows(ds, device.id())).isEqualTo(1);

        String metrics =
                given().get(metricsUrl).then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("buddybork_segments_total{outcome=\"stored\",reason=\"none\"}")
                .contains("buddybork_segments_total{outcome=\"duplicate\",reason=\"none\"}")
                .contains("buddybork_segments_stored_bytes_total")
                .contains("buddybork_ingest_duration_seconds_bucket")
                .contains("buddybork_device_last_seen_age_seconds{device=\"" + device.id() + "\"}");
    }

    @Test
    void differentBytesUnderAStoredKeyAre409AndTheStoredFileIsKept() throws IOException {
        long start = nextStart();
        byte[] first = TestWavs.segment(11);
        upload(device.token(), start, first).then().statusCode(201);

        upload(device.token(), start, TestWavs.segment(12))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("conflict"));

        assertThat(Files.readAllBytes(dataDir.resolve(SegmentNames.relativePath(device.id(), start))))
                .isEqualTo(first);
        assertThat(Db.rawRows(ds, device.id())).isEqualTo(1);
    }

    @Test
    void hubRecomputesMaxAmpFromTheSamples() {
        short[] samples = new short[44_100];
        samples[100] = -32768;
        upload(device.token(), nextStart(), WavCodec.encode(samples, 44_100))
                .then()
                .statusCode(201)
                .body("maxAmp", equalTo(32768))
                .body("durationMs", equalTo(1000));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("not-riff-wave", (Supplier<byte[]>) TestWavs::notRiff),
                Arguments.of("truncated", (Supplier<byte[]>) TestWavs::truncated),
                Arguments.of("header-size-mismatch", (Supplier<byte[]>) TestWavs::lyingRiffSize),
                Arguments.of("truncated", (Supplier<byte[]>) TestWavs::lyingDataSize),
                Arguments.of("not-pcm", (Supplier<byte[]>) TestWavs::notPcm),
                Arguments.of("not-16-bit", (Supplier<byte[]>) TestWavs::eightBit),
                Arguments.of("not-mono", (Supplier<byte[]>) TestWavs::stereo),
                Arguments.of("bad-sample-rate", (Supplier<byte[]>) TestWavs::rate48k),
                Arguments.of("empty", (Supplier<byte[]>) TestWavs::empty),
                Arguments.of("too-long", (Supplier<byte[]>) TestWavs::tooLong),
                Arguments.of("not-riff-wave", (Supplier<byte[]>) () -> new byte[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badWavIsRefusedWithItsFaultCodeAndNothingIsStored(String code, Supplier<byte[]> body) {
        long start = nextStart();
        upload(device.token(), start, body.get())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("type", equalTo("urn:buddybork:problem:" + code))
                .body("status", equalTo(400));
        assertNothingStored(start);
        assertThat(given().get(metricsUrl).then().statusCode(200).extract().asString())
                .contains("buddybork_segments_total{outcome=\"rejected\",reason=\"" + code + "\"}");
    }

    @Test
    void bodyOverTwoMebibytesIsRefusedByContentLength() {
        long start = nextStart();
        upload(device.token(), start, new byte[2 * 1024 * 1024 + 1])
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("body-too-large"));
        assertNothingStored(start);
        assertThat(given().get(metricsUrl).then().statusCode(200).extract().asString())
                .contains("buddybork_segments_total{outcome=\"rejected\",reason=\"body-too-large\"}");
    }

    @Test
    void chunkedBodyWithoutLengthIsRefusedUnread() throws Exception {
        long start = nextStart();
        var client = java.net.http.HttpClient.newHttpClient();
        // an InputStream publisher has no length, so the body goes chunked without Content-Length
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                        + io.restassured.RestAssured.port + "/api/v1/segments/" + start))
                .header("Authorization", "Bearer " + device.token())
                .header("Content-Type", "audio/wav")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(new byte[3 * 1024 * 1024])))
                .build();
        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(response.body()).contains("length-required");
        assertNothingStored(start);
    }

    @Test
    void aMissingOrNonWavContentTypeIsOneRule415BeforeTheBodyIsRead() {
        long start = nextStart();
        byte[] wav = TestWavs.segment(77);
        for (String type : new String[] {null, "application/octet-stream", "text/plain"}) {
            var spec =
                    given().header("Authorization", "Bearer " + device.token()).body(wav);
            spec = type == null ? spec.noContentType() : spec.contentType(type);
            spec.put("/api/v1/segments/" + start)
                    .then()
                    .statusCode(415)
                    .contentType("application/problem+json")
                    .body("code", equalTo("unsupported-media-type"));
        }
        assertNothingStored(start);
        upload(device.token(), start, wav).then().statusCode(201);
    }

    @Test
    void waveFormatExtensibleSixteenBitMonoPcmIsStored() throws Exception {
        long start = nextStart();
        short[] samples =
                io.buddybork.model.wav.WavCodec.decode(TestWavs.segment(78)).samples();
        java.nio.ByteBuffer b =
                java.nio.ByteBuffer.allocate(68 + samples.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(60 + samples.length * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(40)
                .putShort((short) 0xFFFE)
                .putShort((short) 1)
                .putInt(44_100)
                .putInt(88_200)
                .putShort((short) 2)
                .putShort((short) 16)
                .putShort((short) 22)
                .putShort((short) 16)
                .putInt(4)
                .put(new byte[] {1, 0, 0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71
                });
        b.put("data".getBytes()).putInt(samples.length * 2);
        for (short v : samples) {
            b.putShort(v);
        }
        upload(device.token(), start, b.array()).then().statusCode(201);
    }

    @Test
    void startMoreThanFiveMinutesAheadIsRefused() {
        long start = System.currentTimeMillis() + 6 * 60_000L;
        upload(device.token(), start, TestWavs.segment(20))
                .then()
                .statusCode(400)
                .body("code", equalTo("start-in-future"));
        assertNothingStored(start);
    }

    @Test
    void startSlightlyAheadIsAccepted() {
        upload(device.token(), System.currentTimeMillis() + 60_000L, TestWavs.segment(21))
                .then()
                .statusCode(201);
    }

    @Test
    void startBefore2000IsRefused() {
        upload(device.token(), SegmentNames.EARLIEST_START_MS - 1, TestWavs.segment(22))
                .then()
                .statusCode(400)
                .body("code", equalTo("start-too-early"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..%2F..%2Fetc%2Fpasswd",
                "-5",
                "1e12",
                "0x10",
                "1732480000000.wav",
                "%2e%2e",
                "17324800000001234567",
                "1732480000000%00"
            })
    void pathTricksInTheStartParameterAreRefused(String startParam) {
        upload(device.token(), startParam, TestWavs.segment(23))
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)))
                .contentType("application/problem+json");
        assertThat(Db.rawRows(ds, device.id())).isZero();
    }

    @Test
    void wrongContentTypeIs415() {
        given().header("Authorization", "Bearer " + device.token())
                .contentType("text/plain")
                .body("x")
                .put("/api/v1/segments/" + nextStart())
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void missingOrUnknownTokenIs401Problem() {
        long start = nextStart();
        given().contentType("audio/wav")
                .body(TestWavs.segment(30))
                .put("/api/v1/segments/" + start)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
        upload("bbd_" + "A".repeat(43), start, TestWavs.segment(30))
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthorized"));
        upload("not-even-a-token", start, TestWavs.segment(30)).then().statusCode(401);
        assertNothingStored(start);
    }

    @Test
    void revokedTokenIsRefusedAtOnce() {
        upload(device.token(), nextStart(), TestWavs.segment(31)).then().statusCode(201);
        asAdmin()
                .post("/api/v1/devices/" + device.id() + "/revoke")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(true));
        long start = nextStart();
        upload(device.token(), start, TestWavs.segment(32)).then().statusCode(401);
        HubApi_captureState(device.token()).then().statusCode(401);
        assertNothingStored(start);
    }

    @Test
    void usersCannotUploadAsDevices() {
        long start = nextStart();
        asAdmin()
                .contentType("audio/wav")
                .body(TestWavs.segment(40))
                .put("/api/v1/segments/" + start)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
        assertNothingStored(start);
    }

    @Test
    void deviceTokensOpenOnlyDeviceEndpoints() {
        for (String path : new String[] {
            "/api/v1/devices",
            "/api/v1/stats/daily-counts?from=2026-01-01&to=2026-01-02",
            "/api/v1/days/2026-01-01/segments",
            "/api/v1/raw/1/audio"
        }) {
            given().header("Authorization", "Bearer " + device.token())
                    .get(path)
                    .then()
                    .statusCode(401);
        }
        given().header("Authorization", "Bearer " + device.token())
                .contentType("application/json")
                .body("{\"name\":\"evil\"}")
                .post("/api/v1/devices")
                .then()
                .statusCode(401);
    }

    private static io.restassured.response.Response HubApi_captureState(String token) {
        return given().header("Authorization", "Bearer " + token).get("/api/v1/capture-state");
    }

    private void assertNothingStored(long start) {
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from raw where device_id = ? and start_time = to_timestamp(? / 1000.0)",
                        device.id(),
                        start))
                .isZero();
        if (start >= SegmentNames.EARLIEST_START_MS) {
            Path file = dataDir.resolve(SegmentNames.relativePath(device.id(), start));
            assertThat(file).doesNotExist();
            if (Files.isDirectory(file.getParent())) {
                try (Stream<Path> siblings = Files.list(file.getParent())) {
                    assertThat(siblings.filter(p -> p.getFileName().toString().contains(String.valueOf(start))))
                            .isEmpty();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
