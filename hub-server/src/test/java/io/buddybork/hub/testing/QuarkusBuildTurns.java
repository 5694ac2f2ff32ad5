package io.buddybork.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Lets the build's two test JVMs build their hubs one at a time: while a JVM discovers its suite
 * ({@link DefaultStartSuite}, {@link OwnStartSuite}) Quarkus builds the hub of every test profile in
 * it, and the Web Bundler's build step bundles the web app into one directory per launch mode
 * ({@code target/web-bundler/test}, deleted first), which two builds at once break for each other.
 * A JVM holds an exclusive lock on {@code target/quarkus-test-builds.lock} from the start to the end
 * of its suite's discovery; the operating system releases it if the JVM dies. The default start's
 * JVM goes first: it builds one hub and then runs the longer half of the tests, while the own-start
 * JVM builds seven; so the own-start JVM waits up to {@link #FIRST_TURN} for the default one to
 * announce its turn ({@code target/quarkus-test-builds.default}, written once it holds the lock)
 * before it asks for the lock. Registered through {@code META-INF/services}; discoveries of anything
 * but the two suites (a single class run by {@code -Dtest}) pass without it.
 */
public final class QuarkusBuildTurns implements LauncherDiscoveryListener {
    private static final Path LOCK = Path.of("target", "quarkus-test-builds.lock");
    private static final Path DEFAULT_TURN = Path.of("target", "quarkus-test-builds.default");
    private static final Duration FIRST_TURN = Duration.ofSeconds(30);

    private static FileChannel channel;
    private static FileLock lock;

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        if (names(request, DefaultStartSuite.class)) {
            acquire();
            announceDefaultTurn();
        } else if (names(request, OwnStartSuite.class)) {
            awaitDefaultTurn();
            acquire();
        }
    }

    @Override
    public void launcherDiscoveryFinished(LauncherDiscoveryRequest request) {
        if (names(request, DefaultStartSuite.class) || names(request, OwnStartSuite.class)) {
            release();
        }
    }

    private static boolean names(LauncherDiscoveryRequest request, Class<?> suite) {
        return request.getSelectorsByType(ClassSelector.class).stream()
                .anyMatch(s -> s.getClassName().equals(suite.getName()));
    }

    private static void announceDefaultTurn() {
        try {
            Files.writeString(
                    DEFAULT_TURN, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + DEFAULT_TURN.toAbsolutePath(), e);
        }
    }

    /**
     * Until the default JVM of this run has taken its turn: an announcement written at most two
     * minutes before this JVM started (surefire starts both at once). An older one left by an
     * earlier run only costs the wait; the lock keeps the builds apart either way.
     */
    private static void awaitDefaultTurn() {
        Instant born = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        long deadline = System.nanoTime() + FIRST_TURN.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(DEFAULT_TURN)
                        && Files.getLastModifiedTime(DEFAULT_TURN).toInstant().isAfter(born.minusSeconds(120))) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_TURN.toAbsolutePath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void acquire() {
        if (lock != null) {
            return;
        }
        try {
            Files.createDirectories(LOCK.getParent());
            channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long start = System.nanoTime();
            lock = channel.lock();
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            if (waitedMs > 1000) {
                System.out.printf("QuarkusBuildTurns: waited %d ms for the other test JVM's hub builds%n", waitedMs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCK.toAbsolutePath(), e);
        }
    }

    private static synchronized void release() {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock " + LOCK.toAbsolutePath(), e);
        } finally {
            lock = null;
            channel = null;
        }
    }
}
