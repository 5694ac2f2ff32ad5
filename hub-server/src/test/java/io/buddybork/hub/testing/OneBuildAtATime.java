package io.buddybork.hub.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Lets one test JVM of this module at a time discover test classes, which is when Quarkus builds
 * the application of a class's test profile: the builds of the two JVMs (hub-server/pom.xml) would
 * otherwise bundle the web app in the same directory at once, and one of them failed. The lock is an
 * operating-system file lock, so a JVM that dies releases it; running the tests goes on in parallel.
 * Registered through {@code META-INF/services}.
 */
public final class OneBuildAtATime implements LauncherDiscoveryListener {
    private static final Path LOCK = Path.of("target", "quarkus-build.lock");

    private FileChannel channel;
    private FileLock lock;

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        try {
            Files.createDirectories(LOCK.getParent());
            channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.lock();
        } catch (IOException e) {
            // without the lock the two JVMs may build at once; a failed build then names its cause
            System.err.println("test build lock not taken: " + e.getMessage());
            release();
        }
    }

    @Override
    public void launcherDiscoveryFinished(LauncherDiscoveryRequest request) {
        release();
    }

    private void release() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            System.err.println("test build lock not released cleanly: " + e.getMessage());
        } finally {
            lock = null;
            channel = null;
        }
    }
}
