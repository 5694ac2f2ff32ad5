/**
 * The hub's time zone ({@code buddybork.time-zone}, default the system zone): {@link
 * io.buddybork.hub.time.HubZone} is the one place that turns instants into local days and hours
 * and days into instants, so day charts, daily counts, "today", training days, retention and the
 * time-of-day model all agree on when a day starts (23- and 25-hour days included). The API keeps
 * speaking UTC milliseconds; a {@code YYYY-MM-DD} day in the API is a day of this zone.
 */
package io.buddybork.hub.time;
