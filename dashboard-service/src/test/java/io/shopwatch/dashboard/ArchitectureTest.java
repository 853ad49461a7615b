package io.shopwatch.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The floor plan: the feature packages ({@code api} over {@code query}, {@code pack}, {@code provision}, {@code sync},
 * over {@code service}, {@code migrate}, {@code store}, over {@code model}) have no cycles, and Spring's web layer is
 * used in {@code api} only.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.shopwatch.dashboard");

    @Test
    void packages_haveNoCycles() {
        slices().matching("io.shopwatch.dashboard.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void onlyTheApi_usesSpringWeb() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.shopwatch.dashboard.api..", "io.shopwatch.dashboard")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                .check(CLASSES);
    }

    @Test
    void theModel_dependsOnNothingOfTheService() {
        noClasses()
                .that()
                .resideInAPackage("io.shopwatch.dashboard.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.shopwatch.dashboard.api..",
                        "io.shopwatch.dashboard.service..",
                        "io.shopwatch.dashboard.store..",
                        "io.shopwatch.dashboard.query..",
                        "io.shopwatch.dashboard.pack..")
                .check(CLASSES);
    }
}
