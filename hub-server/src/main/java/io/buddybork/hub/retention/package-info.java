/**
 * Retention and the disk guard: deleting old unprotected audio by policy (keep N days) and when the
 * data volume runs low, with tombstones so that a crash never leaves rows or files dangling, and
 * the admin's storage overview.
 */
package io.buddybork.hub.retention;
