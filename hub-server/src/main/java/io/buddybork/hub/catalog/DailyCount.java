package io.buddybork.hub.catalog;

import java.time.LocalDate;

/** Segments one device stored on one day of the hub's time zone: {@code {"day":"2026-11-24","deviceId":1,"count":123}}. */
public record DailyCount(LocalDate day, long deviceId, long count) {}
