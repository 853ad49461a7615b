package io.shopwatch.gateway;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway's packages use each other without cycles (README, "Packages"). */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.shopwatch.gateway");

    @Test
    void packages_areFreeOfCycles() {
        slices().matching("io.shopwatch.gateway.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }
}
