package io.buddybork.hub.away;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Away mode through {@code /api/v1/away}: the button switches it and remembers the absence, a
 * presence report switches it, the weekly schedule sends the owner away when a window starts and
 * back when it ends, and every change (and the state at start) is announced as {@link AwayChanged}.
 */
@QuarkusTest
class AwayModeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AwayEvents events;

    @Inject
    Event<PresenceReported> presence;

    @Inject
    AwayService away;

    private static JsonPath put(Map<String, Object> body) {
        return asAdmin()
                .contentType("application/json")
                .body(body)
                .put("/api/v1/away")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath state() {
        return asAdmin().get("/api/v1/away").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theStateAtStartIsAnnouncedOnce() {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.all())
                        .filteredOn(e -> e.source().equals("start"))
                        .hasSize(1));
    }

    @Test
    void theButtonSwitchesAwayModeAndRemembersTheAbsence() {
        put(Map.of("away", false));
        JsonPath away = put(Map.of("away", true));
        assertThat(away.getBoolean("away")).isTrue();
        assertThat(away.getString("source")).isEqualTo("button");
        long since = away.getLong("sinceMs");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.all()).contains(new AwayChanged(true, since, "button")));

        JsonPath back = put(Map.of("away", false));
        assertThat(back.getBoolean("away")).isFalse();
        assertThat(back.getLong("lastAbsence.fromMs")).isEqualTo(since);
        assertThat(back.getLong("lastAbsence.toMs")).isEqualTo(back.getLong("sinceMs"));
        assertThat(put(Map.of("away", false)).getLong("sinceMs"))
                .as("the same state again changes nothing")
                .isEqualTo(back.getLong("sinceMs"));
    }

    @Test
    void aPresenceReportSwitchesAwayMode() {
        put(Map.of("away", false));
        presence.fireAsync(new PresenceReported(true, "mqtt:home/presence"));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath s = state();
            assertThat(s.getBoolean("away")).isTrue();
            assertThat(s.getString("source")).isEqualTo("presence");
        });
        presence.fire(new PresenceReported(false, "mqtt:home/presence")); // a synchronous sender is not kept waiting
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(state().getBoolean("away")).isFalse());
    }

    @Test
    void theScheduleSendsTheOwnerAwayWhenAWindowStartsAndBackWhenItEnds() {
        MovableAwayClock clock = new MovableAwayClock();
        QuarkusMock.installMockForType(clock, AwayClock.class);
        try {
            put(Map.of("away", false));
            clock.set(Instant.parse("2026-12-07T07:59:00Z")); // a Monday; the tests' hub zone is UTC
            Map<String, Object> window = Map.of("days", List.of("MONDAY"), "from", "08:00", "to", "17:00");
            JsonPath saved = put(Map.of("schedule", Map.of("windows", List.of(window))));
            assertThat(saved.getList("schedule.windows.from")).containsExactly("08:00");
            assertThat(saved.getBoolean("away")).isFalse();

            clock.set(Instant.parse("2026-12-07T08:00:30Z"));
            away.checkSchedule(); // what the scheduled check does every 30 s
            asAdmin().get("/api/v1/away").then().body("away", equalTo(true)).body("source", equalTo("schedule"));

            clock.set(Instant.parse("2026-12-07T17:00:30Z"));
            away.checkSchedule();
            JsonPath back = state();
            assertThat(back.getBoolean("away")).isFalse();
            assertThat(back.getLong("lastAbsence.fromMs"))
                    .isEqualTo(Instant.parse("2026-12-07T08:00:30Z").toEpochMilli());
            assertThat(back.getLong("lastAbsence.toMs"))
                    .isEqualTo(Instant.parse("2026-12-07T17:00:30Z").toEpochMilli());
        } finally {
            put(Map.of("schedule", Map.of("windows", List.of())));
        }
    }

    @Test
    void iAmBackInsideAWindowHoldsUntilTheNextWindow() {
        MovableAwayClock clock = new MovableAwayClock();
        QuarkusMock.installMockForType(clock, AwayClock.class);
        try {
            clock.set(Instant.parse("2026-12-08T07:59:00Z")); // a Tuesday
            put(Map.of("away", false));
            Map<String, Object> window = Map.of("days", List.of("TUESDAY"), "from", "08:00", "to", "17:00");
            put(Map.of("schedule", Map.of("windows", List.of(window))));
            clock.set(Instant.parse("2026-12-08T08:01:00Z"));
            away.checkSchedule();
            assertThat(state().getBoolean("away")).isTrue();
            put(Map.of("away", false)); // home early
            clock.set(Instant.parse("2026-12-08T08:05:00Z"));
            away.checkSchedule();
            assertThat(state().getBoolean("away")).isFalse();
            assertThat(state().getString("source")).isEqualTo("button");
        } finally {
            put(Map.of("schedule", Map.of("windows", List.of())));
        }
    }

    @Test
    void aWindowWithoutDaysOrWithBadTimesIsRefused() {
        asAdmin()
                .contentType("application/json")
                .body(Map.of("schedule", Map.of("windows", List.of(Map.of("days", List.of(), "from", "8", "to", "9")))))
                .put("/api/v1/away")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-schedule"));
    }
}
