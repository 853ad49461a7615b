package io.shopwatch.logging;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The packages of logging-service use each other without cycles: the feature packages (logs, events, analytics) over the shared ingestion machinery. */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.shopwatch.logging");

    @Test
    void packages_areFreeOfCycles() {
        slices().matching("io.shopwatch.logging.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }
}
