package io.buddybork.hub.api;

import java.util.regex.Pattern;

/**
 * Which request paths belong to the JSON API and which of those a device token may open. Kept in
 * one place because authentication, refusals and size limits all depend on it.
 */
public final class ApiPaths {
    /** Prefix of every JSON API path. */
    public static final String API_PREFIX = "/api/";
    /** Segment upload: {@code PUT /api/v1/segments/{startMs}}. */
    public static final String SEGMENTS_PREFIX = "/api/v1/segments/";
    /** Capture state long-poll. */
    public static final String CAPTURE_STATE = "/api/v1/capture-state";
    /** Recording import: {@code POST /api/v1/devices/{id}/recordings}, a body streamed to disk. */
    private static final Pattern RECORDING_UPLOAD = Pattern.compile("/api/v1/devices/[0-9]{1,19}/recordings/?");

    /** Model import: {@code POST /api/v1/models/import}, a body streamed to disk. */
    private static final Pattern MODEL_IMPORT = Pattern.compile("/api/v1/models/import/?");

    private ApiPaths() {}

    /**
     * Whether {@code path} is the model import, whose body (up to
     * {@code buddybork.models.max-import-bytes}) is streamed to disk rather than held in memory.
     */
    public static boolean isModelImport(String path) {
        return path != null && MODEL_IMPORT.matcher(path).matches();
    }

    /** Whether {@code path} is part of the JSON API. */
    public static boolean isApiPath(String path) {
        return path != null && path.startsWith(API_PREFIX);
    }

    /**
     * Whether {@code path} is the recording import, whose body (up to
     * {@code buddybork.recordings.max-bytes}) is streamed to disk rather than held in memory.
     */
    public static boolean isRecordingUpload(String path) {
        return path != null && RECORDING_UPLOAD.matcher(path).matches();
    }

    /** Whether {@code path} is one of the few resources a device token opens. */
    public static boolean isDevicePath(String path) {
        return path != null && (path.startsWith(SEGMENTS_PREFIX) || path.equals(CAPTURE_STATE));
    }
}
