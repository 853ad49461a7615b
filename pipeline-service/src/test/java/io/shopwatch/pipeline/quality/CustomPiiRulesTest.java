package io.shopwatch.pipeline.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomPiiRulesTest {

    private static PiiRuleSettings settings(String... nameAndPattern) {
        List<PiiRuleSettings.Rule> rules = new ArrayList<>();
        for (int i = 0; i < nameAndPattern.length; i += 2) {
            PiiRuleSettings.Rule rule = new PiiRuleSettings.Rule();
            rule.setName(nameAndPattern[i]);
            rule.setPattern(nameAndPattern[i + 1]);
            rules.add(rule);
        }
        PiiRuleSettings settings = new PiiRuleSettings();
        settings.setRules(rules);
        return settings;
    }

    @Test
    void mask_appliesEveryRule_andCountsByName() {
        CustomPiiRules rules = new CustomPiiRules();
        rules.reload(settings("order_ref", "ORD-\\d{6}", "coupon", "CPN[A-Z]{4}"));
        Map<String, Integer> found = new HashMap<>();
        assertThat(rules.mask("ORD-123456 and ORD-654321 with CPNABCD", found::put))
                .isEqualTo("****** and ****** with ******");
        assertThat(found).containsEntry("order_ref", 2).containsEntry("coupon", 1);
    }

    @Test
    void reload_replacesTheRules_andSkipsOnesThatDoNotCompile() {
        CustomPiiRules rules = new CustomPiiRules();
        rules.reload(settings("a", "secret"));
        rules.reload(settings("broken", "([a-z", "b", "token"));
        assertThat(rules.size()).isEqualTo(1);
        String untouched = "a secret";
        assertThat(rules.mask(untouched, (r, n) -> {})).isSameAs(untouched);
        assertThat(rules.mask("a token", (r, n) -> {})).isEqualTo("a ******");
    }
}
