package io.shopwatch.pipeline.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled custom masking rules, swapped as a whole when the settings change: a record is masked by the old rules
 * or by the new ones, never by half of each, and no record waits for the swap.
 */
public final class CustomPiiRules {

    private static final Logger log = LoggerFactory.getLogger(CustomPiiRules.class);

    private record Compiled(String name, Pattern pattern, String replacement) {}

    private volatile List<Compiled> rules = List.of();

    /** Compiles the settings' rules; a rule that does not compile is skipped with a WARN (config-service refuses it). */
    public void reload(PiiRuleSettings settings) {
        List<Compiled> compiled = new ArrayList<>();
        for (PiiRuleSettings.Rule rule : settings.getRules()) {
            if (rule.getPattern() == null || rule.getPattern().isEmpty()) {
                continue;
            }
            try {
                compiled.add(new Compiled(
                        rule.getName(),
                        Pattern.compile(rule.getPattern()),
                        Matcher.quoteReplacement(rule.getReplacement() == null ? "" : rule.getReplacement())));
            } catch (PatternSyntaxException e) {
                log.warn("PII rule {} skipped: {}", rule.getName(), e.getDescription());
            }
        }
        rules = List.copyOf(compiled);
        log.info(
                "custom PII rules in force: {}",
                compiled.stream().map(Compiled::name).toList());
    }

    /** How many custom rules are in force. */
    public int size() {
        return rules.size();
    }

    /** {@code text} with every custom rule applied; the same instance when nothing matched. */
    public String mask(String text, BiConsumer<String, Integer> found) {
        String result = text;
        for (Compiled rule : rules) {
            Matcher matcher = rule.pattern().matcher(result);
            if (!matcher.find()) {
                continue;
            }
            int count = 0;
            StringBuilder out = new StringBuilder(result.length());
            do {
                count++;
                matcher.appendReplacement(out, rule.replacement());
            } while (matcher.find());
            matcher.appendTail(out);
            result = out.toString();
            found.accept(rule.name(), count);
        }
        return result;
    }
}
