package io.shopwatch.common.startup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StartupCheckAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StartupCheckAutoConfiguration.class));

    @Test
    void start_withADevelopmentDefaultOutsideDevMode_isRefusedNamingTheVariable() {
        runner.withPropertyValues("shopwatch.openobserve.password=" + DevDefaults.DEV_STORE_PASSWORD)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .isInstanceOf(InsecureConfigurationException.class)
                            .hasMessageContaining("OPENOBSERVE_PASSWORD is a development default")
                            .hasMessageContaining("SHOPWATCH_DEV_MODE=true");
                });
    }

    @Test
    void start_withEveryKindOfDevelopmentValue_listsEachProperty() {
        runner.withPropertyValues(
                        "spring.datasource.password=postgres",
                        "shopwatch.alert.database.password=postgres",
                        "store.root-user-password=" + DevDefaults.OPENOBSERVE_EXAMPLE_PASSWORD,
                        "shopwatch.gateway.auth.internal-secret=" + DevDefaults.DEVSTACK_INTERNAL_SECRET)
                .run(context -> {
                    InsecureConfigurationException refused =
                            (InsecureConfigurationException) context.getStartupFailure();
                    assertThat(refused.problems())
                            .hasSize(4)
                            .anySatisfy(p -> assertThat(p).startsWith("DATABASE_PASSWORD "))
                            .anySatisfy(p -> assertThat(p).startsWith("ZO_ROOT_USER_PASSWORD "))
                            .anySatisfy(p -> assertThat(p).startsWith("SHOPWATCH_INTERNAL_SECRET "));
                });
    }

    @Test
    void start_withADevelopmentDefaultInDevMode_succeeds() {
        runner.withPropertyValues(
                        "shopwatch.openobserve.password=" + DevDefaults.DEV_STORE_PASSWORD, "shopwatch.dev-mode=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void start_withExplicitValues_succeeds() {
        runner.withPropertyValues(
                        "shopwatch.openobserve.password=a-real-password-of-this-deployment",
                        "spring.datasource.password=another-one")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void analyze_printsOneLinePerProblem_andTheWayOut() {
        InsecureConfigurationException refused = new InsecureConfigurationException(DevDefaults.problems(
                new org.springframework.mock.env.MockEnvironment()
                        .withProperty("store.root-user-password", DevDefaults.DEV_STORE_PASSWORD),
                DevDefaults.CREDENTIALS));

        FailureAnalysis analysis = new InsecureConfigurationFailureAnalyzer().analyze(refused);

        assertThat(analysis.getDescription().lines())
                .containsExactly(
                        "The service refuses to start with this configuration:",
                        "  - ZO_ROOT_USER_PASSWORD is a development default (store.root-user-password); set"
                                + " ZO_ROOT_USER_PASSWORD to this deployment's own value, or SHOPWATCH_DEV_MODE=true"
                                + " for a local development run");
        assertThat(analysis.getAction()).contains("SHOPWATCH_DEV_MODE=true");
    }
}
