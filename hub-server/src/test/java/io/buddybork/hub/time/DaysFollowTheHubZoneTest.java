package io.buddybork.hub.time;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.catalog.DayCountZone;
import io.buddybork.hub.model.AudioStitcher;
import io.buddybork.hub.model.TrainingDataRepository;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.HubInLosAngeles;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.SharedHub;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hub configured for America/Los_Angeles counts, lists and charts local days, not UTC days: on
 * 1 November 2026 (25 hours: 07:00Z to 08:00Z the next day) and 8 March 2026 (23 hours), in the
 * daily counts, a day's segments, the day chart, annotations and their midnight rule, training
 * days, the dashboard's "today", and rebuilds its daily counts when the zone changes.
 */
@QuarkusTest
@OwnStart
@TestProfile(SharedHub.class)
class DaysFollowTheHubZoneTest {
    private static final ZoneId LA = ZoneId.of(HubInLosAngeles.ZONE);
    private static final LocalDate LONG_DAY = LocalDate.of(2026, 11, 1);
    /** 2026-10-31 23:59:57 in Los Angeles, already 1 November in UTC. */
    private static final long A = ms("2026-11-01T06:59:57Z");
    /** 2026-11-01 00:00:00 in Los Angeles: the long day starts. */
    private static final long B = ms("2026-11-01T07:00:00Z");
    /** 2026-11-01 23:30 in Los Angeles, 2 November in UTC. */
    private static final long C = ms("2026-11-02T07:30:00Z");
    /** 2026-11-02 00:00 in Los Angeles (PST): the long day ends. */
    private static final long D = ms("2026-11-02T08:00:00Z");

    @Inject
    HubZone zone;

    @Inject
    TrainingDataRepository training;

    @Inject
    DayCountZone dayCounts;

    @Inject
    AgroalDataSource ds;

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** A new device with segments at A, B, C and D. */
    private static HubApi.Device deviceAroundTheLongDay() {
        HubApi.Device device = HubApi.createDevice("la-" + System.nanoTime());
        int seed = 0;
        for (long start : new long[] {A, B, C, D}) {
            HubApi.upload(device.token(), start, TestWavs.segment(++seed))
                    .then()
                    .statusCode(201);
        }
        return device;
    }

    private static Map<String, Integer> dailyCounts(long deviceId) {
        List<Map<String, Object>> rows = asAdmin()
                .get("/api/v1/stats/daily-counts?from=2026-10-30&to=2026-11-03&deviceId=" + deviceId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Integer> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put((String) r.get("day"), ((Number) r.get("count")).intValue()));
        return out;
    }

    private static long tag() {
        return ((Number) asAdmin()
                        .contentType("application/json")
                        .body(Map.of("name", "la-" + System.nanoTime()))
                        .post("/api/v1/tags")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }

    private static io.restassured.response.Response annotate(long deviceId, long tagId, long startMs, long endMs) {
        return asAdmin()
                .contentType("application/json")
                .body(Map.of("deviceId", deviceId, "startMs", startMs, "endMs", endMs, "tagId", tagId))
                .post("/api/v1/annotations");
    }

    @Test
    void theHubTellsItsZoneAndTodaysBounds() {
        LocalDate before = LocalDate.now(LA);
        JsonPath hub =
                asAdmin().get("/api/v1/hub").then().statusCode(200).extract().jsonPath();
        LocalDate after = LocalDate.now(LA);
        assertThat(hub.getString("timeZone")).isEqualTo("America/Los_Angeles");
        LocalDate today = LocalDate.parse(hub.getString("today"));
        assertThat(today).isBetween(before, after);
        assertThat(hub.getLong("todayStartMs"))
                .isEqualTo(today.atStartOfDay(LA).toInstant().toEpochMilli());
        assertThat(hub.getLong("todayEndMs"))
                .isEqualTo(today.plusDays(1).atStartOfDay(LA).toInstant().toEpochMilli());
        assertThat(zone.id()).isEqualTo("America/Los_Angeles");
    }

    @Test
    void dailyCountsAndADaysSegmentsAreLocalDays() {
        HubApi.Device device = deviceAroundTheLongDay();
        // by UTC day these would be 2 on 1 November and 2 on 2 November
        assertThat(dailyCounts(device.id()))
                .containsExactly(Map.entry("2026-10-31", 1), Map.entry("2026-11-01", 2), Map.entry("2026-11-02", 1));

        List<Long> starts = asAdmin()
                .get("/api/v1/days/" + LONG_DAY + "/segments?deviceId=" + device.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("startMs", Long.class);
        assertThat(starts).containsExactly(B, C);
    }

    @Test
    void theDayChartSpansTheLocalDayOf23Or25Hours() {
        HubApi.Device device = deviceAroundTheLongDay();
        JsonPath chart = asAdmin()
                .get("/api/v1/annotator/days/" + LONG_DAY + "?deviceId=" + device.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(chart.getLong("dayStartMs")).isEqualTo(B);
        assertThat(chart.getLong("dayEndMs")).isEqualTo(D);
        assertThat(D - B).isEqualTo(Duration.ofHours(25).toMillis());
        assertThat(chart.getList("offsetMs", Long.class)).containsExactly(0L, C - B);

        JsonPath spring = asAdmin()
                .get("/api/v1/annotator/days/2026-03-08")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(spring.getLong("dayStartMs")).isEqualTo(ms("2026-03-08T08:00:00Z"));
        assertThat(spring.getLong("dayEndMs") - spring.getLong("dayStartMs"))
                .isEqualTo(Duration.ofHours(23).toMillis());
    }

    @Test
    void annotationsBelongToLocalDaysAndMayCrossUtcMidnightButNotLocalMidnight() {
        HubApi.Device device = deviceAroundTheLongDay();
        long tagId = tag();
        annotate(device.id(), tagId, C + 100, C + 1100).then().statusCode(201);
        long utcMidnight = ms("2026-11-02T00:00:00Z"); // 16:00 in Los Angeles
        annotate(device.id(), tagId, utcMidnight - 1000, utcMidnight + 1000)
                .then()
                .statusCode(201);
        annotate(device.id(), tagId, D - 1000, D + 1000)
                .then()
                .statusCode(400)
                .body("code", equalTo("crosses-day-boundary"))
                .body("detail", containsString("America/Los_Angeles"))
                .body("detail", containsString("2026-11-02T00:00:00-08:00"));

        asAdmin()
                .get("/api/v1/annotations/daily-counts?from=2026-10-31&to=2026-11-03&deviceId=" + device.id())
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].day", equalTo("2026-11-01"))
                .body("[0].count", equalTo(2));
        assertThat(asAdmin()
                        .get("/api/v1/annotations?from=2026-11-02&to=2026-11-02&deviceId=" + device.id())
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$"))
                .isEmpty();

        // the model builder's data overview and training days are the same local days
        Map<String, Object> overview = asAdmin()
                .get("/api/v1/models/days")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("find { it.day == '2026-11-01' }.annotations");
        assertThat(((Number) overview.get(Long.toString(tagId))).intValue()).isEqualTo(2);
        assertThat(training.annotations(List.of(LONG_DAY), List.of(tagId)))
                .extracting(TrainingDataRepository.Annot::startMs)
                .containsExactly(utcMidnight - 1000, C + 100);
        assertThat(training.annotations(List.of(LONG_DAY.plusDays(1)), List.of(tagId)))
                .isEmpty();
    }

    @Test
    void backgroundDaysAreLocalDays() {
        HubApi.Device device = deviceAroundTheLongDay();
        Map<Long, Long> ids = rawIds(device.id());
        List<Long> lastOfOctober = training.background(List.of(LocalDate.of(2026, 10, 31)), 100_000).segments().stream()
                .map(AudioStitcher.Source::rawId)
                .toList();
        assertThat(lastOfOctober).contains(ids.get(A)).doesNotContain(ids.get(B), ids.get(C), ids.get(D));
        List<Long> longDay = training.background(List.of(LONG_DAY), 100_000).segments().stream()
                .map(AudioStitcher.Source::rawId)
                .toList();
        assertThat(longDay).contains(ids.get(B), ids.get(C)).doesNotContain(ids.get(A), ids.get(D));
    }

    /** Raw id by start of a device's segments. */
    private Map<Long, Long> rawIds(long deviceId) {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (long start : new long[] {A, B, C, D}) {
            out.put(
                    start,
                    Db.queryLong(
                            ds,
                            "select id from raw where device_id = ? and start_time = ?",
                            deviceId,
                            new java.sql.Timestamp(start)));
        }
        return out;
    }

    @Test
    void theDashboardsTodayStartsAtLocalMidnight() {
        HubApi.Device device = HubApi.createDevice("la-today-" + System.nanoTime());
        long now = System.currentTimeMillis();
        long midnight = LocalDate.now(LA).atStartOfDay(LA).toInstant().toEpochMilli();
        long[] starts = {midnight - 6000, midnight, now - 30_000};
        int seed = 100;
        for (long start : starts) {
            HubApi.upload(device.token(), start, TestWavs.segment(++seed))
                    .then()
                    .statusCode(201);
        }
        long expected = java.util.Arrays.stream(starts)
                .filter(s -> s >= zone.startMs(zone.today()))
                .count();
        List<Map<String, Object>> rows = asAdmin()
                .get("/api/v1/dashboard/devices")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.id == " + device.id() + " }");
        assertThat(((Number) rows.get(0).get("segmentsToday")).longValue()).isEqualTo(expected);
    }

    @Test
    void dailyCountsAreRebuiltWhenTheZoneTheyWereCountedInIsNotTheHubs() throws Exception {
        HubApi.Device device = deviceAroundTheLongDay();
        // as a hub of an older version left them: counted by UTC day
        Db.update(ds, "update raw_day_count_zone set zone = 'UTC'");
        Db.update(ds, "delete from raw_day_count where device_id = ?", device.id());
        Db.update(
                ds,
                "insert into raw_day_count (day, device_id, segments) select (start_time at time zone 'UTC')::date,"
                        + " device_id, count(*) from raw where device_id = ? group by 1, 2",
                device.id());
        assertThat(dailyCounts(device.id())).containsExactly(Map.entry("2026-11-01", 2), Map.entry("2026-11-02", 2));

        assertThat(dayCounts.align()).isTrue();
        assertThat(dailyCounts(device.id()))
                .containsExactly(Map.entry("2026-10-31", 1), Map.entry("2026-11-01", 2), Map.entry("2026-11-02", 1));
        assertThat(Db.queryString(ds, "select zone from raw_day_count_zone")).isEqualTo("America/Los_Angeles");
        assertThat(dayCounts.align()).as("nothing to do the second time").isFalse();

        // and the trigger counts new segments in the hub's zone
        HubApi.upload(device.token(), C + 3000, TestWavs.segment(9)).then().statusCode(201);
        assertThat(dailyCounts(device.id())).containsEntry("2026-11-01", 3);
    }
}
