package io.shopwatch.performance.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The budgets as a config change binds them: refused when out of range, put in force otherwise. */
class DynamicBudgetsTest {

    private static BudgetProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("shopwatch.performance.budgets", BudgetProperties.class);
    }

    @Test
    void bind_outOfRangeOrNotAName_isRefused() {
        for (Map<String, String> bad : List.of(
                Map.of("shopwatch.performance.budgets.org-records-per-second", "-1"),
                Map.of("shopwatch.performance.budgets.stream-bytes-per-day", "-5"),
                Map.of("shopwatch.performance.budgets.min-rate", "0"),
                Map.of("shopwatch.performance.budgets.min-rate", "1.5"),
                Map.of("shopwatch.performance.budgets.max-increase", "0"),
                Map.of("shopwatch.performance.budgets.tolerance", "1"),
                Map.of("shopwatch.performance.budgets.interval", "0s"),
                Map.of("shopwatch.performance.budgets.never-sampled", "pay ments"),
                Map.of(
                        "shopwatch.performance.budgets.limits[0].org", "Not An Org",
                        "shopwatch.performance.budgets.limits[0].records-per-second", "5"),
                Map.of(
                        "shopwatch.performance.budgets.limits[0].org", "shop",
                        "shopwatch.performance.budgets.limits[0].stream", "web/logs"),
                Map.of(
                        "shopwatch.performance.budgets.limits[0].org", "shop",
                        "shopwatch.performance.budgets.limits[0].records-per-second", "-2"))) {
            assertThatThrownBy(() -> bind(bad)).as(bad.toString()).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void replace_putsTheNewBudgetsInForce_tellsListeners_keepsEnabledAndTopic() {
        DynamicBudgets budgets = new DynamicBudgets(bind(Map.of()));
        List<BudgetProperties> told = new ArrayList<>();
        budgets.subscribe(told::add);
        SamplingController before = budgets.controller();

        BudgetProperties changed = bind(Map.of(
                "shopwatch.performance.budgets.interval", "2s",
                "shopwatch.performance.budgets.stream-records-per-second", "50",
                "shopwatch.performance.budgets.limits[0].org", "shop",
                "shopwatch.performance.budgets.limits[0].records-per-second", "300",
                "shopwatch.performance.budgets.never-sampled", "payments,Refunds",
                "shopwatch.performance.budgets.max-increase", "0.25",
                "shopwatch.performance.budgets.topic", "elsewhere",
                "shopwatch.performance.budgets.enabled", "false"));
        assertThat(budgets.replace(changed)).isTrue();

        assertThat(budgets.org("shop")).isEqualTo(new Budget(300, 0));
        assertThat(budgets.org("other")).isEqualTo(Budget.NONE);
        assertThat(budgets.stream("other", "web")).isEqualTo(new Budget(50, 0));
        assertThat(budgets.current().interval()).hasSeconds(2);
        assertThat(budgets.current().neverSampled()).containsExactly("payments", "Refunds");
        assertThat(budgets.current().topic()).isEqualTo("shopwatch.sampling");
        assertThat(budgets.current().enabled()).isTrue();
        assertThat(budgets.controller()).isNotSameAs(before);
        // damped by the new cap: at most +25 % per round
        assertThat(budgets.controller().next(0.4, 0, 100)).isEqualTo(0.5);
        assertThat(told).hasSize(2).last().isSameAs(budgets.current());

        assertThat(budgets.replace(changed)).isFalse();
        assertThat(told).hasSize(2);
    }
}
