package io.buddybork.hub.annotate;

import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads one day of segments into columns for the day chart with one index range scan
 * ({@code raw_start_time_idx}, or the (device, start) key when a device is given) through
 * {@link SegmentRepository}, so a full day stays well inside the chart's time budget.
 */
@ApplicationScoped
public class DayChartService {

    private final SegmentRepository segments;
    private final HubZone zone;

    DayChartService(SegmentRepository segments, HubZone zone) {
        this.segments = segments;
        this.zone = zone;
    }

    /** The segments starting on {@code day} (the hub's zone), optionally of one device, by start time. */
    public DayChart day(LocalDate day, Long deviceId) {
        long start = zone.startMs(day);
        long end = zone.endMs(day);
        List<SegmentRepository.Summary> rows;
        try {
            rows = segments.startedBetween(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), deviceId);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read segments", e);
        }
        int n = rows.size();
        long[] devices = new long[n];
        int[] offsets = new int[n];
        int[] amps = new int[n];
        int[] durations = new int[n];
        for (int i = 0; i < n; i++) {
            SegmentRepository.Summary s = rows.get(i);
            devices[i] = s.deviceId();
            offsets[i] = (int) (s.startMs() - start);
            amps[i] = s.maxAmp();
            durations[i] = s.durationMs();
        }
        return new DayChart(day.toString(), start, end, devices, offsets, amps, durations);
    }
}
