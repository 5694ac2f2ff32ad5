package io.buddybork.hub.detect;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Lowers the CPU priority of the calling thread to the lowest (nice 19), so that CPU-heavy
 * background work (scoring) runs on what uploads and pages leave. On Linux the nice value is
 * per thread, {@code setpriority(PRIO_PROCESS, 0, 19)} changes only the caller, and lowering
 * one's own priority needs no privilege. Java thread priorities alone are ignored on Linux. Where
 * the call is unavailable (another OS, native access denied) the thread keeps its priority and this
 * says so once. Thread-safe.
 */
final class LowPriority {
    private static final Logger LOG = Logger.getLogger(LowPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final int LOWEST = 19;
    private static final Optional<MethodHandle> SETPRIORITY = lookup();

    private LowPriority() {}

    private static Optional<MethodHandle> lookup() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup()
                    .find("setpriority")
                    .map(address -> linker.downcallHandle(
                            address,
                            FunctionDescriptor.of(
                                    ValueLayout.JAVA_INT,
                                    ValueLayout.JAVA_INT,
                                    ValueLayout.JAVA_INT,
                                    ValueLayout.JAVA_INT)));
        } catch (RuntimeException | Error e) { // a native image without foreign registrations throws an Error
            LOG.infof("Cannot lower the priority of scoring threads (%s); they run at normal priority", e);
            return Optional.empty();
        }
    }

    /** Lowers the calling thread's priority; true when the OS took it. */
    static boolean lowerCurrentThread() {
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        if (SETPRIORITY.isEmpty()) {
            return false;
        }
        try {
            return (int) SETPRIORITY.get().invokeExact(PRIO_PROCESS, 0, LOWEST) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The calling thread's nice value as the OS reports it (Linux), or empty. */
    static Optional<Integer> currentNice() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Integer.parseInt(fields[16])); // field 19 of stat, counted from "state"
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
