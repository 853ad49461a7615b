package io.shopwatch.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The floor plan of auth-service (see the README's package map): packages without cycles, and the domain (orgs,
 * users, API keys, signing keys, sessions, login throttling, audit) below security and the web layer, free of Spring
 * web and servlet types.
 */
class ArchitectureTest {

    static final String[] DOMAIN = {
        "io.shopwatch.auth.org..",
        "io.shopwatch.auth.user..",
        "io.shopwatch.auth.apikey..",
        "io.shopwatch.auth.keys..",
        "io.shopwatch.auth.session..",
        "io.shopwatch.auth.throttle..",
        "io.shopwatch.auth.audit.."
    };

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.shopwatch.auth");

    @Test
    void packages_areFreeOfCycles() {
        slices().matching("io.shopwatch.auth.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void domain_isBelowSecurityWebAndBootstrap() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.shopwatch.auth.security..", "io.shopwatch.auth.web..", "io.shopwatch.auth.bootstrap..")
                .check(MAIN);
    }

    @Test
    void domain_isFreeOfWebTypes() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
                .check(MAIN);
    }
}
