package io.buddybork.hub.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build's two test groups (hub-server/pom.xml) stay right: a test class with a hub start of its
 * own is marked {@link OwnStart}, and only such a class is, so the default start's tests never make
 * a test JVM restart the hub; the list of own-start classes the build selects by name
 * ({@code src/test/own-start-tests.txt}) names exactly the marked classes.
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
    void theBuildsListOfOwnStartClassesNamesExactlyTheMarkedOnes() throws IOException {
        Set<String> marked = tests.stream()
                .filter(c -> c.isAnnotatedWith(OwnStart.class))
                .map(c -> c.getName().replace('.', '/') + ".java")
                .collect(Collectors.toSet());
        Set<String> listed = Files.readAllLines(Path.of("src", "test", "own-start-tests.txt")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toSet());
        assertThat(listed).as("src/test/own-start-tests.txt").isEqualTo(marked);
    }
}
