package io.shopwatch.pipeline.quality;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Masking rules added to the built-in ones ({@code shopwatch.pipeline.pii.rules[n].name|pattern|replacement}), dynamic:
 * a mutable class, so that common's config client rebinds it when config-service publishes new rules.
 */
@ConfigurationProperties("shopwatch.pipeline.pii")
public class PiiRuleSettings {

    private volatile List<Rule> rules = new ArrayList<>();

    public List<Rule> getRules() {
        return rules;
    }

    public void setRules(List<Rule> rules) {
        this.rules = rules == null ? new ArrayList<>() : rules;
    }

    /** One rule: every match of {@code pattern} in a text field becomes {@code replacement}. */
    public static class Rule {
        private String name = "custom";
        private String pattern;
        private String replacement = "******";

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPattern() {
            return pattern;
        }

        public void setPattern(String pattern) {
            this.pattern = pattern;
        }

        public String getReplacement() {
            return replacement;
        }

        public void setReplacement(String replacement) {
            this.replacement = replacement;
        }
    }
}
