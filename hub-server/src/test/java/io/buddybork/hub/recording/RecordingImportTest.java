package io.buddybork.hub.recording;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.TestRecordings.concat;
import static io.buddybork.hub.testing.TestRecordings.hush;
import static io.buddybork.hub.testing.TestRecordings.tone;
import static io.buddybork.hub.testing.TestRecordings.wav;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestRecordings;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/devices/{id}/recordings}: cutting, gating, overlaps, FLAC, jobs and every refusal. */
@QuarkusTest
class RecordingImportTest {
    private static final int SEG = SegmentFormat.SEGMENT_FRAMES;

    @Inject
    DataSource ds;

    @Inject
    UserService users;

    @ConfigProperty(name = "buddybork.data-dir")
    Path dataDir;

    @TestHTTPResource("/")
    URL base;

    /** A stored segment as the raw table has it. */
    record Stored(long startMs, int durationMs, String path) {}

    private List<Stored> stored(long deviceId) throws Exception {
        List<Stored> rows = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement("select (extract(epoch from start_time) * 1000)::bigint,"
                        + " duration_ms, path from raw where device_id = ? order by start_time")) {
            q.setLong(1, deviceId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Stored(rs.getLong(1), rs.getInt(2), rs.getString(3)));
                }
            }
        }
        return rows;
    }

    private static Response post(long deviceId, Object startMs, String type, byte[] body) {
        return asAdmin()
                .contentType(type)
                .body(body)
                .post("/api/v1/devices/" + deviceId + "/recordings?startMs=" + startMs);
    }

    /** loud 3 s, hushed 3 s (under -40 dBFS), loud 3 s, loud 1.5 s. */
    private static short[] loudHushLoudTail() {
        return concat(tone(3000, 9000, 440), hush(3000, 200), tone(3000, 6000, 880), tone(1500, 3000, 330));
    }

    @Test
    void aWavIsCutIntoSegmentsStartingExactlyAtStartPlusThreeSecondsEachAndSilenceIsCounted() throws Exception {
        Device device = createDevice("import-wav");
        long start = nextStart() + 1234; // not on any 3 s grid: segments start at exactly start + 3000 i
        short[] samples = loudHushLoudTail();
        post(device.id(), start, "audio/wav", wav(samples))
                .then()
                .statusCode(201)
                .contentType("application/json")
                .body("stored", equalTo(3))
                .body("silent", equalTo(1))
                .body("overlapping", equalTo(0))
                .body("segments", equalTo(4))
                .body("startMs", equalTo(start))
                .body("endMs", equalTo(start + 10_500));

        List<Stored> rows = stored(device.id());
        assertThat(rows).extracting(Stored::startMs).containsExactly(start, start + 6000, start + 9000);
        // the last segment is as short as the recording's tail: nothing invented, nothing dropped
        assertThat(rows).extracting(Stored::durationMs).containsExactly(3000, 3000, 1500);
        PcmAudio first = WavCodec.decodeSegment(
                Files.readAllBytes(dataDir.resolve(rows.get(0).path())));
        assertThat(first.samples()).isEqualTo(Arrays.copyOfRange(samples, 0, SEG));
        PcmAudio last = WavCodec.decodeSegment(
                Files.readAllBytes(dataDir.resolve(rows.get(2).path())));
        assertThat(last.samples()).isEqualTo(Arrays.copyOfRange(samples, 3 * SEG, samples.length));
    }

    @Test
    void importingTheSameRecordingAgainIsRefusedWith409OverlapAndStoresNothing() throws Exception {
        Device device = createDevice("import-again");
        long start = nextStart();
        byte[] file = wav(loudHushLoudTail());
        post(device.id(), start, "audio/wav", file).then().statusCode(201);

        post(device.id(), start, "audio/wav", file)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("overlap"))
                .body("detail", containsString("all 3 non-silent segments"));
        assertThat(stored(device.id())).hasSize(3);
    }

    @Test
    void segmentsOverlappingStoredAudioAreSkippedAndCountedWhileTheRestIsStored() throws Exception {
        Device device = createDevice("import-partial");
        long start = nextStart();
        post(device.id(), start, "audio/wav", wav(tone(9000, 8000, 440)))
                .then()
                .statusCode(201)
                .body("stored", equalTo(3));

        // starts 1.5 s before the end of what is stored: its first segment overlaps, the next two do not
        long later = start + 7500;
        post(device.id(), later, "audio/wav", wav(tone(9000, 8000, 550)))
                .then()
                .statusCode(201)
                .body("stored", equalTo(2))
                .body("silent", equalTo(0))
                .body("overlapping", equalTo(1));
        assertThat(stored(device.id()))
                .extracting(Stored::startMs)
                .containsExactly(start, start + 3000, start + 6000, later + 3000, later + 6000);
    }

    @Test
    void stereoIsMixedDownToTheMeanOfItsChannels() throws Exception {
        Device device = createDevice("import-stereo");
        long start = nextStart();
        short[] left = tone(3000, 12_000, 440);
        short[] right = tone(3000, 4000, 660);
        post(device.id(), start, "audio/wav", wav(SegmentFormat.SAMPLE_RATE, left, right))
                .then()
                .statusCode(201)
                .body("stored", equalTo(1));
        short[] mono = WavCodec.decodeSegment(Files.readAllBytes(
                        dataDir.resolve(stored(device.id()).get(0).path())))
                .samples();
        for (int i = 0; i < mono.length; i += 997) {
            assertThat(mono[i]).isEqualTo((short) ((left[i] + right[i]) >> 1));
        }
    }

    @Test
    void aFlacRecordingIsDecodedMixedDownAndImportedLikeAWav() throws Exception {
        Device device = createDevice("import-flac");
        long start = nextStart();
        post(device.id(), start, "audio/flac", TestRecordings.resource("tone-silence-tone.flac"))
                .then()
                .statusCode(201)
                .body("stored", equalTo(2))
                .body("silent", equalTo(1))
                .body("overlapping", equalTo(0))
                .body("endMs", equalTo(start + 7500));
        List<Stored> rows = stored(device.id());
        assertThat(rows).extracting(Stored::startMs).containsExactly(start, start + 6000);
        assertThat(rows).extracting(Stored::durationMs).containsExactly(3000, 1500);
        PcmAudio first = WavCodec.decodeSegment(
                Files.readAllBytes(dataDir.resolve(rows.get(0).path())));
        // both channels held the same 440 Hz tone at amplitude 8000: the mix is that tone
        for (int i = 0; i < first.frames(); i += 1009) {
            double expected = 8000 * Math.sin(2 * Math.PI * 440 * i / SegmentFormat.SAMPLE_RATE);
            assertThat((double) first.samples()[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void aLongRecordingBecomesAJobWhoseProgressEndsWithTheCounts() {
        Device device = createDevice("import-job");
        long start = nextStart();
        // 30 s: over the tests' 20 s limit for imports done while the request waits
        byte[] file = wav(concat(tone(24_000, 8000, 440), hush(6000, 100)));
        Response accepted = post(device.id(), start, "audio/wav", file);
        accepted.then()
                .statusCode(202)
                .body("state", org.hamcrest.Matchers.oneOf("queued", "running", "done"))
                .body("totalSegments", equalTo(10));
        String url = accepted.jsonPath().getString("url");
        assertThat(accepted.header("Location")).endsWith(url);

        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> asAdmin()
                        .get(url)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("done"))
                        .body("processedSegments", equalTo(10))
                        .body("stored", equalTo(8))
                        .body("silent", equalTo(2))
                        .body("overlapping", equalTo(0)));

        // the same file again: the job ends failed with the overlap code
        String again = post(device.id(), start, "audio/wav", file)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("url");
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> asAdmin()
                        .get(again)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("failed"))
                        .body("code", equalTo("overlap"))
                        .body("overlapping", equalTo(8)));
        asAdmin()
                .get("/api/v1/devices/" + device.id() + "/recordings/jobs/999999")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown-job"));
    }

    @Test
    void badRequestsAreRefusedWithProblemsAndStoreNothing() throws Exception {
        Device device = createDevice("import-refusals");
        long start = nextStart();
        byte[] good = wav(tone(3000, 8000, 440));
        post(999_999_999L, start, "audio/wav", good).then().statusCode(404).body("code", equalTo("unknown-device"));
        asAdmin()
                .contentType("audio/wav")
                .body(good)
                .post("/api/v1/devices/" + device.id() + "/recordings")
                .then()
                .statusCode(400)
                .body("code", equalTo("missing-start-time"));
        post(device.id(), "yesterday", "audio/wav", good)
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-start-time"));
        post(device.id(), System.currentTimeMillis() + 3_600_000, "audio/wav", good)
                .then()
                .statusCode(400)
                .body("code", equalTo("start-in-future"));
        // starts a second ago, but its 6 min would end after the hub's clock and its 5 min skew
        post(device.id(), System.currentTimeMillis() - 1000, "audio/wav", wav(new short[360 * 44_100]))
                .then()
                .statusCode(400)
                .body("code", equalTo("recording-ends-in-future"));
        post(device.id(), start, "text/plain", good)
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
        post(device.id(), start, "audio/wav", wav(48_000, tone(3000, 8000, 440)))
                .then()
                .statusCode(415)
                .body("code", equalTo("unsupported-audio-format"))
                .body("detail", containsString("48000 Hz"));
        post(device.id(), start, "audio/flac", TestRecordings.resource("tone-48khz.flac"))
                .then()
                .statusCode(415)
                .body("code", equalTo("unsupported-audio-format"));
        post(device.id(), start, "audio/wav", "not audio at all, only words".getBytes())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("not-riff-wave"));
        post(device.id(), start, "audio/wav", Arrays.copyOf(good, good.length - 1000))
                .then()
                .statusCode(400)
                .body("code", equalTo("truncated"));
        post(device.id(), start, "audio/flac", good).then().statusCode(400).body("code", equalTo("not-flac"));
        byte[] corrupt = TestRecordings.resource("tone-silence-tone.flac");
        for (int i = corrupt.length / 2; i < corrupt.length / 2 + 64; i++) {
            corrupt[i] ^= (byte) 0x5a;
        }
        post(device.id(), start, "audio/flac", corrupt)
                .then()
                .statusCode(400)
                .body("code", org.hamcrest.Matchers.oneOf("corrupt-flac", "truncated"));
        post(device.id(), start, "audio/wav", new byte[0])
                .then()
                .statusCode(400)
                .body("code", equalTo("empty"));
        assertThat(stored(device.id())).isEmpty();
    }

    @Test
    void onlyAdminsImport() {
        Device device = createDevice("import-auth");
        String viewer = "import-viewer-" + System.nanoTime();
        users.createUser(viewer, "viewer password 1", Roles.VIEWER);
        byte[] good = wav(tone(3000, 8000, 440));
        given().auth()
                .preemptive()
                .basic(viewer, "viewer password 1")
                .contentType("audio/wav")
                .body(good)
                .post("/api/v1/devices/" + device.id() + "/recordings?startMs=" + nextStart())
                .then()
                .statusCode(403);
        given().contentType("audio/wav")
                .body(good)
                .post("/api/v1/devices/" + device.id() + "/recordings?startMs=" + nextStart())
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + device.token())
                .contentType("audio/wav")
                .body(good)
                .post("/api/v1/devices/" + device.id() + "/recordings?startMs=" + nextStart())
                .then()
                .statusCode(401);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeItIsRead() throws Exception {
        Device device = createDevice("import-413");
        Map<String, String> answer = rawPost(
                "/api/v1/devices/" + device.id() + "/recordings?startMs=" + nextStart(), "audio/wav", 600_000_000L);
        assertThat(answer.get("status")).isEqualTo("413");
        assertThat(answer.get("body")).contains("\"code\":\"body-too-large\"").contains("536870912");
    }

    @Test
    void otherRoutesKeepTheirTenMebibyteLimit() throws Exception {
        Map<String, String> answer = rawPost("/api/v1/tags", "application/json", 11L * 1024 * 1024);
        assertThat(answer.get("status")).isEqualTo("413");
        assertThat(answer.get("body")).contains("\"code\":\"body-too-large\"");
    }

    /** Sends only the head of a POST declaring {@code length} bytes; the status and body of the answer. */
    private Map<String, String> rawPost(String path, String type, long length) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(120_000);
            String basic =
                    Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: Basic " + basic + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                    + length + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = response.split(" ", 3)[1];
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            return Map.of("status", status, "body", body);
        }
    }
}
