package io.buddybork.hub;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Package rules of this module, checked on its compiled main classes. */
class ArchitectureTest {

    @Test
    void packagesDependOnEachOtherOneWayOnly() {
        slices().matching("io.buddybork.hub.(*)..")
                .should()
                .beFreeOfCycles()
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.buddybork.hub"));
    }
}
