package io.buddybork.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.buddybork.hub.cluster.ClusterBus;
import io.buddybork.hub.db.Sql;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Package and naming rules of this module, checked on its compiled main classes. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.buddybork.hub");

    @Test
    void packagesDependOnEachOtherOneWayOnly() {
        slices().matching("io.buddybork.hub.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyRepositoriesRunStatementsThroughSql() {
        // utc and millis convert values; everything else of Sql runs a statement
        Set<String> conversions = Set.of("utc", "millis");
        DescribedPredicate<JavaMethodCall> statement = DescribedPredicate.describe(
                "a statement of db.Sql",
                call -> call.getTargetOwner().getName().startsWith(Sql.class.getName())
                        && !conversions.contains(call.getName()));
        noClasses()
                .that()
                .haveSimpleNameNotEndingWith("Repository")
                .and()
                .areNotAssignableTo(Sql.class)
                .and()
                .doNotHaveFullyQualifiedName(Sql.Transaction.class.getName())
                // its NOTIFY sender; the listener keeps a connection of its own (see docs/architecture.md)
                .and()
                .doNotHaveFullyQualifiedName(ClusterBus.class.getName())
                .should()
                .callMethodWhere(statement)
                .because("every aggregate's SQL lives in its XRepository (docs/architecture.md, Data access)")
                .check(MAIN);
    }
}
