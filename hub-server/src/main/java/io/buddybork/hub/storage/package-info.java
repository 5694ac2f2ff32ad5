/**
 * Where audio segments and model files live: one {@link io.buddybork.hub.storage.ObjectStore}
 * interface keyed by the relative paths the database stores ({@code raw.path}, {@code model.file_path}),
 * with the local data directory as the default backend and an S3-compatible bucket (AWS S3, MinIO,
 * Ceph RGW, Garage) selected by {@code BUDDYBORK_STORAGE=s3}.
 */
package io.buddybork.hub.storage;
