package io.buddybork.hub.time;

/**
 * What a client needs to read the API's days: {@code {"timeZone":"Europe/Berlin","today":"2026-12-05",
 * "todayStartMs":...,"todayEndMs":...}}. Every {@code YYYY-MM-DD} of the API is a day of {@code
 * timeZone}; today runs over {@code [todayStartMs, todayEndMs)} (UTC epoch ms, 23 or 25 hours when
 * the clocks change).
 */
public record HubTime(String timeZone, String today, long todayStartMs, long todayEndMs) {

    /** The hub's time now. */
    static HubTime of(HubZone zone) {
        var today = zone.today();
        return new HubTime(zone.id(), today.toString(), zone.startMs(today), zone.endMs(today));
    }
}
