package io.buddybork.hub.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a backup directory against its own manifest: the index's checksum, then every database
 * dump and every kept file, by size and SHA-256. Reads only; never changes the backup.
 */
public final class BackupVerifier {

    /** The outcome: how much was checked and each fault, naming the file. */
    public record Report(long checkedFiles, long checkedBytes, List<String> faults) {
        public boolean whole() {
            return faults.isEmpty();
        }
    }

    /** Verifies {@code dir}; a missing or unreadable {@code backup.json} is itself a fault. */
    public Report verify(Path dir) {
        List<String> faults = new ArrayList<>();
        BackupManifest m;
        try {
            m = BackupManifest.read(dir).orElse(null);
        } catch (IOException | RuntimeException e) {
            return new Report(0, 0, List.of("corrupt: " + BackupManifest.FILE + " (" + e.getMessage() + ")"));
        }
        if (m == null) {
            return new Report(
                    0, 0, List.of("missing: " + BackupManifest.FILE + " (no complete backup in " + dir + ")"));
        }
        long files = 0;
        long bytes = 0;
        List<BackupManifest.FileEntry> all = new ArrayList<>(m.ownFiles());
        Path indexFile = dir.resolve(m.index());
        String indexFault = check(indexFile, m.index(), -1, m.indexSha256());
        if (indexFault != null) {
            faults.add(indexFault);
        } else {
            try {
                all.addAll(BackupManifest.readIndex(indexFile).values());
            } catch (IOException | RuntimeException e) {
                faults.add("corrupt: " + m.index() + " (" + e.getMessage() + ")");
            }
        }
        for (BackupManifest.FileEntry e : all) {
            String fault = check(dir.resolve(e.stored()), e.stored(), e.size(), e.sha256());
            if (fault != null) {
                faults.add(fault);
            } else {
                files++;
                bytes += e.size();
            }
        }
        return new Report(files, bytes, faults);
    }

    /** Null when {@code file} exists with the expected size (if known) and SHA-256, else the fault. */
    static String check(Path file, String name, long size, String sha256) {
        if (!Files.isRegularFile(file)) {
            return "missing: " + name;
        }
        try {
            if (size >= 0 && Files.size(file) != size) {
                return "corrupt: " + name + " (" + Files.size(file) + " bytes, expected " + size + ")";
            }
            String actual = Checksums.of(file);
            if (!actual.equals(sha256)) {
                return "corrupt: " + name + " (SHA-256 " + actual + ", expected " + sha256 + ")";
            }
            return null;
        } catch (IOException e) {
            return "unreadable: " + name + " (" + e.getMessage() + ")";
        }
    }
}
