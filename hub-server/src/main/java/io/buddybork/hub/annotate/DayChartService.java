package io.buddybork.hub.annotate;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Reads one day of segments into columns for the day chart with one index range scan
 * ({@code raw_start_time_idx}, or the (device, start) key when a device is given) and no entity
 * mapping, so a full day stays well inside the chart's time budget.
 */
@ApplicationScoped
public class DayChartService {

    private final AgroalDataSource dataSource;
    private final HubZone zone;

    DayChartService(AgroalDataSource dataSource, HubZone zone) {
        this.dataSource = dataSource;
        this.zone = zone;
    }

    /** The segments starting on {@code day} (the hub's zone), optionally of one device, by start time. */
    public DayChart day(LocalDate day, Long deviceId) {
        long start = zone.startMs(day);
        long end = zone.endMs(day);
        // (extract(epoch ...) in SQL would be numeric arithmetic per row: twice the query time)
        String sql =
                "select device_id, start_time, max_amp, duration_ms from raw where start_time >= ? and start_time < ?"
                        + (deviceId != null ? " and device_id = ?" : "") + " order by start_time, device_id";
        int cap = 32_768;
        long[] devices = new long[cap];
        int[] offsets = new int[cap];
        int[] amps = new int[cap];
        int[] durations = new int[cap];
        int n = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, new Timestamp(start));
            ps.setTimestamp(2, new Timestamp(end));
            if (deviceId != null) {
                ps.setLong(3, deviceId);
            }
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == devices.length) {
                        int grown = devices.length * 2;
                        devices = Arrays.copyOf(devices, grown);
                        offsets = Arrays.copyOf(offsets, grown);
                        amps = Arrays.copyOf(amps, grown);
                        durations = Arrays.copyOf(durations, grown);
                    }
                    devices[n] = rs.getLong(1);
                    offsets[n] = (int) (rs.getTimestamp(2).getTime() - start);
                    amps[n] = rs.getInt(3);
                    durations[n] = rs.getInt(4);
                    n++;
                }
            }
        } catch (SQLException e) {
            throw io.buddybork.hub.problem.DatabaseFailures.problem("read segments", e);
        }
        return new DayChart(
                day.toString(),
                start,
                end,
                Arrays.copyOf(devices, n),
                Arrays.copyOf(offsets, n),
                Arrays.copyOf(amps, n),
                Arrays.copyOf(durations, n));
    }
}
