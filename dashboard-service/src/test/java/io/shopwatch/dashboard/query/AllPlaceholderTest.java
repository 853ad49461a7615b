package io.shopwatch.dashboard.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllPlaceholderTest {

    @Test
    void predicatesOnTheAllPlaceholder_becomeTrue_negatedOnesFalse() {
        assertThat(AllPlaceholder.rewrite("SELECT 1 FROM \"e\" WHERE type = 'x' AND m IN ('_o2_all_') GROUP BY 1"))
                .isEqualTo("SELECT 1 FROM \"e\" WHERE type = 'x' AND true GROUP BY 1");
        assertThat(AllPlaceholder.rewrite("WHERE service = '_o2_all_' AND \"level\" != '_o2_all_'"))
                .isEqualTo("WHERE true AND false");
        assertThat(AllPlaceholder.rewrite("WHERE a LIKE '%_o2_all_%' OR b NOT IN ('_o2_all_')"))
                .isEqualTo("WHERE true OR false");
        assertThat(AllPlaceholder.rewrite("WHERE str_match(message, '_o2_all_')"))
                .isEqualTo("WHERE true");
    }

    @Test
    void queriesWithoutThePlaceholder_areUntouched() {
        String sql = "SELECT a FROM \"e\" WHERE a IN ('card', 'paypal')";
        assertThat(AllPlaceholder.rewrite(sql)).isSameAs(sql);
    }
}
