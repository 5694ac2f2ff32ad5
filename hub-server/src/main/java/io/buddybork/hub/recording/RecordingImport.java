package io.buddybork.hub.recording;

/**
 * What an import did with a recording (the 201 body, and a finished job's counts): of its
 * {@code segments} 3 s segments, {@code stored} were stored, {@code silent} were under the silence
 * gate and {@code overlapping} overlapped audio already stored for the device. Segment {@code i}
 * starts at {@code startMs + 3000 i}; {@code endMs} is where the recording ends.
 */
public record RecordingImport(
        long deviceId, long startMs, long endMs, long segments, long stored, long silent, long overlapping) {}
