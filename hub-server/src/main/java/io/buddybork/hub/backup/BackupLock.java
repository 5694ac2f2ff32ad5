package io.buddybork.hub.backup;

/**
 * The PostgreSQL advisory lock that keeps segment deletions (retention, disk guard) out of a
 * backup's window: a backup holds it exclusively from just before its database snapshot until
 * its last file is copied, and a deletion transaction takes it shared (without waiting) before it
 * deletes rows. So a file whose row is in the snapshot cannot disappear while the backup copies it,
 * and a deletion that committed before the snapshot is simply not in it.
 */
public final class BackupLock {
    /** The lock key ("bbbackup" in ASCII). */
    public static final long KEY = 0x6262_6261_636b_7570L;

    private BackupLock() {}
}
