package io.buddybork.hub.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build's two test groups (hub-server/pom.xml) stay right: a test class with a hub start of its
 * own is marked {@link OwnStart}, and only such a class is, so the default start's tests never make
 * a test JVM restart the hub.
 */
class TestGroupsTest {
    private static JavaClasses tests;

    @BeforeAll
    static void importTests() {
        tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.buddybork.hub");
    }

    @Test
    void everyTestWithAProfileOfItsOwnIsMarkedAsOwnStart() {
        classes()
                .that()
                .areAnnotatedWith(TestProfile.class)
                .should()
                .beAnnotatedWith(OwnStart.class)
                .check(tests);
    }

    @Test
    void onlyTestsWithAProfileOfTheirOwnAreMarkedAsOwnStart() {
        classes()
                .that()
                .areAnnotatedWith(OwnStart.class)
                .should()
                .beAnnotatedWith(TestProfile.class)
                .check(tests);
    }
}
