package io.shopwatch.alert;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The floor plan of alert-service (README, "Layers"): packages form layers that only use what is below them, no two
 * packages import each other, and Spring's web types stay at the edge.
 *
 * <pre>
 * API         api, org, state, the root package (wiring)
 * Rules       rule (AlertRuleEngine)
 * Alertmanager alertmanager, dispatch, silence, inhibit, config
 * Delivery    delivery (NotificationService: notification log decision, outbox worker, escalation, meta-alerts)
 * Stores      outbox, ack, escalation, notificationlog, store
 * Channels    notify (Notifier and the channels, templates, outbound HTTP)
 * Core model  core, matcher, route, timeinterval, yaml, settings, db, ha, secrets
 * </pre>
 */
@AnalyzeClasses(packages = "io.shopwatch.alert", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.shopwatch.alert";

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Api")
            .definedBy(ROOT, ROOT + ".api..", ROOT + ".org..", ROOT + ".state..")
            .layer("Rules")
            .definedBy(ROOT + ".rule..")
            .layer("Alertmanager")
            .definedBy(
                    ROOT + ".alertmanager..",
                    ROOT + ".dispatch..",
                    ROOT + ".silence..",
                    ROOT + ".inhibit..",
                    ROOT + ".config..")
            .layer("Delivery")
            .definedBy(ROOT + ".delivery..")
            .layer("Stores")
            .definedBy(
                    ROOT + ".outbox..",
                    ROOT + ".ack..",
                    ROOT + ".escalation..",
                    ROOT + ".notificationlog..",
                    ROOT + ".store..")
            .layer("Channels")
            .definedBy(ROOT + ".notify..")
            .layer("CoreModel")
            .definedBy(
                    ROOT + ".core..",
                    ROOT + ".matcher..",
                    ROOT + ".route..",
                    ROOT + ".timeinterval..",
                    ROOT + ".yaml..",
                    ROOT + ".settings..",
                    ROOT + ".db..",
                    ROOT + ".ha..",
                    ROOT + ".secrets..")
            .whereLayer("Api")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Rules")
            .mayOnlyBeAccessedByLayers("Api")
            .whereLayer("Alertmanager")
            .mayOnlyBeAccessedByLayers("Api", "Rules")
            .whereLayer("Delivery")
            .mayOnlyBeAccessedByLayers("Api", "Rules", "Alertmanager")
            .whereLayer("Stores")
            .mayOnlyBeAccessedByLayers("Api", "Rules", "Alertmanager", "Delivery")
            .whereLayer("Channels")
            .mayOnlyBeAccessedByLayers("Api", "Rules", "Alertmanager", "Delivery", "Stores")
            .whereLayer("CoreModel")
            .mayOnlyBeAccessedByLayers("Api", "Rules", "Alertmanager", "Delivery", "Stores", "Channels")
            .because("each package uses only the packages below it (README, \"Layers\")");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..")
            .should()
            .beFreeOfCycles()
            .because("packages that import each other can only be understood together");

    @ArchTest
    static final ArchRule springWebOnlyAtTheEdge = noClasses()
            .that()
            .resideOutsideOfPackages(ROOT, ROOT + ".api..", ROOT + ".org..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
            .because("domain code is plain Java; HTTP is translated in api");
}
