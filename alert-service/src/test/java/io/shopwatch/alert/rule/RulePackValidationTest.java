package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.rule.RulePack.InvalidRulePackException;
import org.junit.jupiter.api.Test;

/** A pack file is validated when it is read: every problem names the file, the rule and the field. */
class RulePackValidationTest {

    private static final String VALID_RULE = """
              - name: Slow
                query: SELECT 1 AS value
                severities:
                  - {severity: critical, op: ">", threshold: 1}
            """;

    @Test
    void read_validPack_returnsItsRules() {
        RulePack.Pack pack = RulePack.read("test.yml", "name: t\ndescription: d\nrules:\n" + VALID_RULE);

        assertThat(pack.name()).isEqualTo("t");
        assertThat(pack.rules()).extracting(RuleSpec::name).containsExactly("Slow");
    }

    @Test
    void read_unknownFieldInASeverity_namesFileRuleAndField() {
        String yaml = "name: t\ndescription: d\nrules:\n" + VALID_RULE.replace("threshold: 1", "treshold: 1");

        assertThatThrownBy(() -> RulePack.read("rule-packs/bad.yml", yaml))
                .isInstanceOf(InvalidRulePackException.class)
                .hasMessageContaining("rule-packs/bad.yml")
                .hasMessageContaining("rule Slow")
                .hasMessageContaining("field severities[0].treshold");
    }

    @Test
    void read_wrongTypeOfValue_namesFileRuleAndField() {
        String yaml = "name: t\ndescription: d\nrules:\n" + VALID_RULE.replace("threshold: 1", "threshold: [1]");

        assertThatThrownBy(() -> RulePack.read("rule-packs/bad.yml", yaml))
                .isInstanceOf(InvalidRulePackException.class)
                .hasMessageContaining("rule-packs/bad.yml")
                .hasMessageContaining("rule Slow")
                .hasMessageContaining("field severities[0].threshold");
    }

    @Test
    void read_ruleTheEngineRejects_namesFileRuleAndField() {
        String yaml = "name: t\ndescription: d\nrules:\n" + VALID_RULE + "    interval: soon\n";

        assertThatThrownBy(() -> RulePack.read("rule-packs/bad.yml", yaml))
                .isInstanceOf(InvalidRulePackException.class)
                .hasMessageContaining("rule-packs/bad.yml")
                .hasMessageContaining("rule Slow")
                .hasMessageContaining("interval");
    }

    @Test
    void read_twoRulesOfOneName_namesFileRuleAndField() {
        String yaml = "name: t\ndescription: d\nrules:\n" + VALID_RULE + VALID_RULE;

        assertThatThrownBy(() -> RulePack.read("rule-packs/bad.yml", yaml))
                .isInstanceOf(InvalidRulePackException.class)
                .hasMessageContaining("rule-packs/bad.yml")
                .hasMessageContaining("rule Slow")
                .hasMessageContaining("field name");
    }

    @Test
    void read_malformedYaml_namesFile() {
        assertThatThrownBy(() -> RulePack.read("rule-packs/bad.yml", "name: t\nrules: [\n  - {name: x"))
                .isInstanceOf(InvalidRulePackException.class)
                .hasMessageContaining("rule-packs/bad.yml")
                .hasMessageContaining("malformed YAML");
    }

    @Test
    void load_missingResource_namesFile() {
        assertThatThrownBy(() -> RulePack.load("rule-packs/absent.yml"))
                .isInstanceOf(InvalidRulePackException.class)
                .hasMessageContaining("rule-packs/absent.yml");
    }
}
