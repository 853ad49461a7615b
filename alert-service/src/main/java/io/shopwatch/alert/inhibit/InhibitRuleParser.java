package io.shopwatch.alert.inhibit;

import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.matcher.MatcherFields;
import io.shopwatch.alert.matcher.Matchers;
import io.shopwatch.alert.yaml.YamlConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code inhibit_rules} of a configuration. */
public final class InhibitRuleParser {

    private static final Set<String> INHIBIT_KEYS = Set.of(
            "source_matchers",
            "target_matchers",
            "equal",
            "source_match",
            "source_match_re",
            "target_match",
            "target_match_re",
            "name");

    private final YamlConfigReader r;

    public InhibitRuleParser(YamlConfigReader r) {
        this.r = r;
    }

    /** One entry of {@code inhibit_rules}; null where it is not a mapping (the problem is reported). */
    public InhibitRule rule(Node node, String path) {
        MappingNode m = r.mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, INHIBIT_KEYS, true);
        List<Matcher> source = new ArrayList<>();
        List<Matcher> target = new ArrayList<>();
        if (f.containsKey("source_matchers")) {
            source.addAll(MatcherFields.list(r, f.get("source_matchers"), path + ".source_matchers"));
        }
        if (f.containsKey("source_match")) {
            source.addAll(MatcherFields.map(r, f.get("source_match"), path + ".source_match", false));
        }
        if (f.containsKey("source_match_re")) {
            source.addAll(MatcherFields.map(r, f.get("source_match_re"), path + ".source_match_re", true));
        }
        if (f.containsKey("target_matchers")) {
            target.addAll(MatcherFields.list(r, f.get("target_matchers"), path + ".target_matchers"));
        }
        if (f.containsKey("target_match")) {
            target.addAll(MatcherFields.map(r, f.get("target_match"), path + ".target_match", false));
        }
        if (f.containsKey("target_match_re")) {
            target.addAll(MatcherFields.map(r, f.get("target_match_re"), path + ".target_match_re", true));
        }
        List<String> equal = new ArrayList<>();
        if (f.containsKey("equal")) {
            SequenceNode seq = r.sequence(f.get("equal"), path + ".equal");
            if (seq != null) {
                for (Node item : seq.getValue()) {
                    String name = r.string(item, path + ".equal");
                    if (name != null) {
                        equal.add(name);
                    }
                }
            }
        }
        return new InhibitRule(new Matchers(source), new Matchers(target), equal);
    }
}
