package io.buddybork.hub.testing;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The hub's tests of the default start (every test class but the {@link OwnStartSuite} ones), run
 * by one of the build's two test JVMs in one launcher session, so the hub starts once for all of
 * them while the other JVM runs the own-start tests.
 */
@Suite
@SelectPackages("io.buddybork.hub")
@IncludeClassNamePatterns(DefaultStartSuite.CLASSES)
@ExcludeClassNamePatterns(OwnStartSuite.CLASSES)
@ExcludeTags(OwnStart.TAG)
public class DefaultStartSuite {
    /** The test classes by name: every {@code *Test} (the integration tests, {@code *IT}, run later). */
    public static final String CLASSES = ".*Test";
}
