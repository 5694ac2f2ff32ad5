package io.buddybork.recognition.model;

/**
 * Caps a model file reader checks before it allocates anything: a file, its manifest and any one
 * array larger than these are refused as corrupt. Immutable.
 *
 * @param maxFileBytes largest model file, bytes
 * @param maxManifestBytes largest manifest (the JSON part), bytes
 * @param maxArrayElements most elements in one array (a 2-D array counts rows times columns)
 */
public record ModelLimits(long maxFileBytes, int maxManifestBytes, int maxArrayElements) {

    /** Default largest model file: 256 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;
    /** Default largest manifest: 8 MiB. */
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 8 << 20;
    /** Default most elements of one array: 32 Mi (256 MiB of doubles). */
    public static final int DEFAULT_MAX_ARRAY_ELEMENTS = 32 << 20;

    public ModelLimits {
        if (maxFileBytes < 64 || maxManifestBytes < 64 || maxArrayElements < 1) {
            throw new IllegalArgumentException("model limits must be positive (file and manifest at least 64 bytes)");
        }
        if (maxArrayElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxArrayElements is above what a Java array can hold");
        }
    }

    /** The default caps. */
    public static ModelLimits defaults() {
        return new ModelLimits(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_MANIFEST_BYTES, DEFAULT_MAX_ARRAY_ELEMENTS);
    }

    /** These caps with another largest file size. */
    public ModelLimits withMaxFileBytes(long bytes) {
        return new ModelLimits(bytes, maxManifestBytes, maxArrayElements);
    }
}
