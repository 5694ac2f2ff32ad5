package io.buddybork.hub.retention;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.DataVolume;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.IngestNodeHub;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention and the disk guard on a simulated small volume: ingest goes on past the threshold,
 * unprotected oldest segments go first, protected audio survives, day counts stay right, and a
 * deletion a crash interrupted is finished at the next start.
 */
@QuarkusTest
@OwnStart
@TestProfile(IngestNodeHub.class)
public class DiskGuardTest {

    // Served by the management interface (loopback), not the public port.
    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metricsUrl;

    static final int SEGMENT_BYTES = TestWavs.segment(1).length;

    /** The guard on, keeping 8 segments' worth free; retention keeps 10 years; no scheduled runs meanwhile. */
    public static class GuardOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "buddybork.retention.guard.enabled",
                    "true",
                    "buddybork.retention.guard.min-free-percent",
                    "100",
                    "buddybork.retention.guard.min-free-bytes",
                    Long.toString(8L * SEGMENT_BYTES),
                    "buddybork.retention.guard.check-interval",
                    "1H",
                    "buddybork.retention.keep-days",
                    "3650",
                    "buddybork.retention.cron",
                    "0 0 0 1 1 ? 2099",
                    "buddybork.retention.batch-size",
                    "2",
                    "buddybork.ingest.min-free-bytes",
                    Long.toString(2L * SEGMENT_BYTES));
        }
    }

    @Inject
    AgroalDataSource ds;

    @Inject
    DiskGuard guard;

    @Inject
    RetentionJob retention;

    @Inject
    SegmentReaper reaper;

    @Inject
    SegmentFiles files;

    SimulatedVolume volume;

    @BeforeEach
    void simulateASmallDisk() {
        volume = new SimulatedVolume(ds);
        volume.leaveFree(1L << 40);
        QuarkusMock.installMockForType(volume, DataVolume.class);
    }

    @Test
    void theGuardDeletesTheOldestUnprotectedSegmentsAndIngestNeverAnswers503WhileAudioIsDeletable() throws Exception {
        retention.apply(); // segments of earlier runs older than ten years: out of the way
        Device d = createDevice("guarded");
        // twelve segments on two days of 2001: older than anything other tests store
        List<Long> starts = new ArrayList<>();
        for (int day = 0; day < 2; day++) {
            long base = OffsetDateTime.of(2001, 3, 10 + day, 12, 0, 0, 0, ZoneOffset.UTC)
                    .toInstant()
                    .toEpochMilli();
            for (int i = 0; i < 6; i++) {
                long start = base + i * 3000L;
                upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
                starts.add(start);
            }
        }
        long annotated = starts.get(0);
        long reviewed = starts.get(1);
        long trained = starts.get(2);
        protect(d, annotated, reviewed, trained);

        volume.leaveFree(3L * SEGMENT_BYTES); // under the guard's 8 segments
        long freed = guard.check();

        assertThat(freed).isGreaterThanOrEqualTo(5L * SEGMENT_BYTES);
        assertThat(volume.usableBytes()).isGreaterThanOrEqualTo(8L * SEGMENT_BYTES);
        List<Long> kept = startsOf(d);
        assertThat(kept).contains(annotated, reviewed, trained);
        List<Long> unprotected = starts.subList(3, starts.size());
        List<Long> gone = unprotected.stream().filter(s -> !kept.contains(s)).toList();
        assertThat(gone).isNotEmpty();
        // oldest first: every deleted unprotected segment is older than every kept one
        long newestGone = gone.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(kept.stream().filter(unprotected::contains)).allMatch(s -> s > newestGone);
        for (long s : gone) {
            assertThat(files.pathOf(d.id(), s)).doesNotExist();
            assertThat(Db.queryLong(
                            ds,
                            "select count(*) from raw_tombstone where device_id = ? and start_time = ?"
                                    + " and reason = 'disk-guard' and file_removed is not null",
                            d.id(),
                            at(s)))
                    .isOne();
        }
        for (long s : kept) {
            assertThat(files.pathOf(d.id(), s)).exists();
        }
        assertDayCountsMatchRows(d);

        // the disk is nearly full (less than the ingest reserve): uploads still succeed
        volume.leaveFree(SEGMENT_BYTES);
        long now = (System.currentTimeMillis() - 60_000) / 3000 * 3000;
        upload(d.token(), now, TestWavs.segment(now)).then().statusCode(201);
        assertThat(startsOf(d)).contains(now, annotated, reviewed, trained);
        assertDayCountsMatchRows(d);

        RestAssured.get(metricsUrl)
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "buddybork_retention_deleted_segments_total{reason=\"disk-guard\"}"));
        asAdmin()
                .get("/api/v1/storage")
                .then()
                .statusCode(200)
                .body("protectedSegments", greaterThanOrEqualTo(3))
                .body("deletedLast30Days.disk-guard.segments", greaterThanOrEqualTo(gone.size()));
    }

    @Test
    void onlyProtectedAudioIsLeftWhenNothingElseCanGoAndThenIngestAnswers503() throws Exception {
        Device d = createDevice("all-protected");
        long base = OffsetDateTime.of(2000, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        List<Long> starts = List.of(base, base + 3000, base + 6000);
        for (long s : starts) {
            upload(d.token(), s, TestWavs.segment(s)).then().statusCode(201);
        }
        protect(d, starts.get(0), starts.get(1), starts.get(2));
        // a disk holding only this device's (protected) audio: deleting other tests' segments frees nothing on it
        volume = new SimulatedVolume(ds, d.id());
        QuarkusMock.installMockForType(volume, DataVolume.class);

        volume.leaveFree(SEGMENT_BYTES / 2);
        long now = (System.currentTimeMillis() - 60_000) / 3000 * 3000 + 1;
        upload(d.token(), now, TestWavs.segment(now))
                .then()
                .statusCode(503)
                .body("code", org.hamcrest.Matchers.equalTo("storage-full"));
        assertThat(startsOf(d)).containsExactlyElementsOf(starts);
    }

    @Test
    void retentionDeletesUnprotectedSegmentsOlderThanTheLimitOnly() throws Exception {
        Device d = createDevice("retained");
        long old = OffsetDateTime.of(2002, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        long recent = (System.currentTimeMillis() - 86_400_000L) / 3000 * 3000;
        for (long s : List.of(old, old + 3000, old + 6000, old + 9000, recent)) {
            upload(d.token(), s, TestWavs.segment(s)).then().statusCode(201);
        }
        protect(d, old, old + 3000, old + 6000);

        retention.apply();

        assertThat(startsOf(d)).containsExactly(old, old + 3000, old + 6000, recent);
        assertThat(Db.queryLong(
                        ds, "select count(*) from raw_tombstone where device_id = ? and reason = 'retention'", d.id()))
                .isOne();
        assertDayCountsMatchRows(d);
    }

    @Test
    void aDeletionInterruptedBetweenCommitAndFileIsFinishedAtStartup() throws Exception {
        Device d = createDevice("interrupted");
        long start = OffsetDateTime.of(2003, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        upload(d.token(), start, TestWavs.segment(start)).then().statusCode(201);
        // what a crash right after the deleting transaction leaves: tombstone, no row, file still there
        try (var c = ds.getConnection();
                var s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("insert into raw_tombstone (raw_id, device_id, start_time, path, size_bytes, reason)"
                    + " select id, device_id, start_time, path, size_bytes, 'retention' from raw where device_id = "
                    + d.id());
            s.execute("delete from raw where device_id = " + d.id());
            c.commit();
        }
        assertThat(files.pathOf(d.id(), start)).exists();

        assertThat(reaper.finishPending()).isGreaterThanOrEqualTo(1);

        assertThat(files.pathOf(d.id(), start)).doesNotExist();
        assertThat(Db.queryLong(
                        ds, "select count(*) from raw_tombstone where device_id = ? and file_removed is null", d.id()))
                .isZero();
        assertDayCountsMatchRows(d);
    }

    private void protect(Device d, long annotated, long reviewed, long trained) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try (var c = ds.getConnection();
                var s = c.createStatement()) {
            long tag = Db.queryLong(ds, "insert into tag (name) values ('guard-" + suffix + "') returning id");
            long model = Db.queryLong(ds, "insert into model (name) values ('guard-" + suffix + "') returning id");
            s.execute("insert into annot (device_id, start_time, end_time, tag_id) values (" + d.id() + ", '"
                    + at(annotated + 1000) + "', '" + at(annotated + 2000) + "', " + tag + ")");
            s.execute("insert into detection (raw_id, model_id, start_time, tag_id, score, review) select id, " + model
                    + ", start_time, " + tag + ", 0.9, 'rejected' from raw where device_id = " + d.id()
                    + " and start_time = '" + at(reviewed) + "'");
            s.execute("insert into model_training_segment (model_id, raw_id) select " + model
                    + ", id from raw where device_id = " + d.id() + " and start_time = '" + at(trained) + "'");
            // an unreviewed detection protects nothing
            s.execute("insert into detection (raw_id, model_id, start_time, tag_id, score) select id, " + model
                    + ", start_time, null, 0.1 from raw where device_id = " + d.id()
                    + " on conflict (raw_id, model_id) do nothing");
        }
    }

    private List<Long> startsOf(Device d) throws Exception {
        List<Long> out = new ArrayList<>();
        try (var c = ds.getConnection();
                var q = c.prepareStatement("select start_time from raw where device_id = ? order by start_time")) {
            q.setLong(1, d.id());
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1).getTime());
                }
            }
        }
        return out;
    }

    private void assertDayCountsMatchRows(Device d) {
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from (select (start_time at time zone 'UTC')::date as day, count(*) as n from raw"
                                + " where device_id = ? group by 1) r full join (select day, segments from raw_day_count where device_id = ?"
                                + " and segments > 0) k using (day) where r.n is distinct from k.segments",
                        d.id(),
                        d.id()))
                .isZero();
    }

    private static OffsetDateTime at(long ms) {
        return Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC);
    }
}
