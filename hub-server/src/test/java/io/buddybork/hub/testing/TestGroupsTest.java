package io.buddybork.hub.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.TestProfile;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The build's two test groups (hub-server/pom.xml) stay right: a test class with a hub start of its
 * own is marked {@link OwnStart}, and only such a class is, so the default start's tests never make
 * a test JVM restart the hub; {@link OwnStartSuite} names exactly the marked classes, and
 * {@link DefaultStartSuite} takes every other test class, so no test is left out of the build.
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

    @Test
    void theOwnStartSuiteNamesExactlyTheMarkedClasses() {
        Pattern listed = Pattern.compile(OwnStartSuite.CLASSES);
        Set<String> marked = tests.stream()
                .filter(c -> c.isAnnotatedWith(OwnStart.class))
                .map(JavaClass::getName)
                .collect(Collectors.toSet());
        Set<String> matched = tests.stream()
                .map(JavaClass::getName)
                .filter(name -> listed.matcher(name).matches())
                .collect(Collectors.toSet());
        assertThat(matched).as("OwnStartSuite.CLASSES").isEqualTo(marked);
    }

    @Test
    void theDefaultSuiteTakesEveryOtherTestClass() {
        Pattern own = Pattern.compile(OwnStartSuite.CLASSES);
        Pattern taken = Pattern.compile(DefaultStartSuite.CLASSES);
        Set<String> left = tests.stream()
                .filter(c -> !c.isInterface() && !c.getModifiers().contains(JavaModifier.ABSTRACT))
                .filter(c -> c.getAllMethods().stream()
                        .anyMatch(m -> m.isAnnotatedWith(Test.class) || m.isAnnotatedWith(ParameterizedTest.class)))
                .map(JavaClass::getName)
                .filter(name -> !name.startsWith("io.buddybork.hub.it.") && !name.endsWith("IT"))
                .filter(name ->
                        !own.matcher(name).matches() && !taken.matcher(name).matches())
                .collect(Collectors.toSet());
        assertThat(left).as("test classes neither suite runs").isEmpty();
    }
}
