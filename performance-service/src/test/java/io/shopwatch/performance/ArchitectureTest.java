package io.shopwatch.performance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of performance-service form layers without cycles: {@code frontend} (the edge and the read path) over
 * {@code cache}, {@code invalidation} and {@code stats}, all over {@code store} (the HTTP hop to the store).
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.shopwatch.performance");

    @Test
    void packages_areFreeOfCycles() {
        slices().matching("io.shopwatch.performance.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void lowerLayers_doNotUseTheFrontend() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.shopwatch.performance.cache..",
                        "io.shopwatch.performance.store..",
                        "io.shopwatch.performance.invalidation..",
                        "io.shopwatch.performance.stats..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.shopwatch.performance.frontend..")
                .check(MAIN);
    }
}
