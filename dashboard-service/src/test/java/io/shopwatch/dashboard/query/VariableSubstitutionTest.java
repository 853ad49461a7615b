package io.shopwatch.dashboard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.dashboard.query.VariableSubstitution.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariableSubstitutionTest {

    @Test
    void singleValue_goesInAsItIs_inEverySyntax() {
        Map<String, Value> values = Map.of("service", Value.single("checkout"));
        assertThat(VariableSubstitution.apply(
                        "a = '$service' AND b = '${service}' AND c = '{{service}}' AND d = '$services'", values, true))
                .isEqualTo("a = 'checkout' AND b = 'checkout' AND c = 'checkout' AND d = '$services'");
    }

    @Test
    void multiValue_isQuotedForSql_andPipedForPromQl() {
        Map<String, Value> values = Map.of("m", Value.multi(List.of("card", "pay'pal")));
        assertThat(VariableSubstitution.apply("x IN ($m)", values, true)).isEqualTo("x IN ('card','pay''pal')");
        assertThat(VariableSubstitution.apply("{m=~\"$m\"}", values, false)).isEqualTo("{m=~\"card|pay'pal\"}");
        assertThat(VariableSubstitution.apply("${m:csv} {{m:pipe}} ${m:doublequote} {{m:singlequote}}", values, true))
                .isEqualTo("card,pay'pal card|pay'pal \"card\",\"pay'pal\" 'card','pay''pal'");
    }

    @Test
    void noValue_isTheAllPlaceholder() {
        assertThat(VariableSubstitution.apply("x IN ($m)", Map.of("m", Value.multi(List.of())), true))
                .isEqualTo("x IN ('_o2_all_')");
        assertThat(VariableSubstitution.apply("x = '$s'", Map.of("s", Value.single(null)), true))
                .isEqualTo("x = '_o2_all_'");
    }

    @Test
    void longerNamesFirst() {
        Map<String, Value> values = Map.of("region", Value.single("eu"), "region_code", Value.single("eu-1"));
        assertThat(VariableSubstitution.apply("$region_code $region", values, true))
                .isEqualTo("eu-1 eu");
    }
}
