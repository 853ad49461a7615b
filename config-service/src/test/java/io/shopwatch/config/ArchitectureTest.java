package io.shopwatch.config;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The packages of config-service use each other without cycles, so that each can be read from below. */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.shopwatch.config");

    @Test
    void packages_areFreeOfCycles() {
        slices().matching("io.shopwatch.config.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
