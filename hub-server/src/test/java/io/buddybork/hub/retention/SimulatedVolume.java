package io.buddybork.hub.retention;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.DataVolume;
import io.buddybork.hub.testing.Db;

/**
 * A small data volume for tests: it holds exactly the stored segments (the sum of
 * {@code raw.size_bytes}), so ingest fills it and deletions free it, like a size-limited disk;
 * the tests' shared database holds other tests' segments too, hence the optional device scope.
 */
class SimulatedVolume extends DataVolume {
    private final AgroalDataSource ds;
    private final long deviceId;
    private volatile long capacity;

    /** A volume holding every stored segment. */
    SimulatedVolume(AgroalDataSource ds) {
        this(ds, -1);
    }

    /** A volume holding only the segments of {@code deviceId} (others' deletions free nothing on it). */
    SimulatedVolume(AgroalDataSource ds, long deviceId) {
        this.ds = ds;
        this.deviceId = deviceId;
    }

    /** Makes the volume so large that exactly {@code freeBytes} are free now. */
    void leaveFree(long freeBytes) {
        capacity = used() + freeBytes;
    }

    long used() {
        return deviceId < 0
                ? Db.queryLong(ds, "select coalesce(sum(size_bytes), 0) from raw")
                : Db.queryLong(ds, "select coalesce(sum(size_bytes), 0) from raw where device_id = ?", deviceId);
    }

    @Override
    public long usableBytes() {
        return capacity - used();
    }

    @Override
    public long totalBytes() {
        return capacity;
    }
}
