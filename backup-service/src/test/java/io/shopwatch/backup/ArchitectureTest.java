package io.shopwatch.backup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The floor plan of backup-service (README, "How it works"): packages form layers that only use what is below them,
 * no two packages import each other, and Spring's web types stay at the edge.
 *
 * <pre>
 * Edge        api, config, the root package
 * Schedules   schedule (cron schedules, over the operations)
 * Operations  operation
 * Kinds       stream (export, restore), state (platform state through the services' state APIs)
 * Sets        set (manifest, checks, verify, catalog)
 * Base        job, target, retention
 * </pre>
 */
@AnalyzeClasses(packages = "io.shopwatch.backup", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.shopwatch.backup";

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Edge")
            .definedBy(ROOT, ROOT + ".api..", ROOT + ".config..")
            .layer("Schedules")
            .definedBy(ROOT + ".schedule..")
            .layer("Operations")
            .definedBy(ROOT + ".operation..")
            .layer("Streams")
            .definedBy(ROOT + ".stream..", ROOT + ".state..")
            .layer("Sets")
            .definedBy(ROOT + ".set..")
            .layer("Base")
            .definedBy(ROOT + ".job..", ROOT + ".target..", ROOT + ".retention..")
            .whereLayer("Edge")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Schedules")
            .mayOnlyBeAccessedByLayers("Edge")
            .whereLayer("Operations")
            .mayOnlyBeAccessedByLayers("Edge", "Schedules")
            .whereLayer("Streams")
            .mayOnlyBeAccessedByLayers("Edge", "Schedules", "Operations")
            .whereLayer("Sets")
            .mayOnlyBeAccessedByLayers("Edge", "Schedules", "Operations", "Streams")
            .whereLayer("Base")
            .mayOnlyBeAccessedByLayers("Edge", "Schedules", "Operations", "Streams", "Sets")
            .because("each package uses only the packages below it");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..")
            .should()
            .beFreeOfCycles()
            .because("packages that import each other can only be understood together");

    @ArchTest
    static final ArchRule springWebOnlyAtTheEdge = noClasses()
            .that()
            .resideOutsideOfPackages(ROOT, ROOT + ".api..", ROOT + ".config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
            .because("domain code is plain Java; HTTP is translated in api");
}
