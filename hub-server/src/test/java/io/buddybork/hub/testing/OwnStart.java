package io.buddybork.hub.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that runs on a hub start of its own (a {@code @TestProfile}): the build runs
 * these in a test JVM of their own ({@link OwnStartSuite}) beside the tests of the default start, so
 * that the hub is never restarted between default tests. {@code TestGroupsTest} checks that the
 * marks, the profiles and the suite's list agree.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(OwnStart.TAG)
public @interface OwnStart {
    /** The JUnit tag the build's test groups select by. */
    String TAG = "own-start";
}
