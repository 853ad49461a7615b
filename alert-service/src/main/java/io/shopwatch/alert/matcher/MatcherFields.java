package io.shopwatch.alert.matcher;

import io.shopwatch.alert.yaml.YamlConfigReader;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the matcher fields of a configuration: {@code matchers} lists and the older {@code match}/{@code match_re} maps. */
public final class MatcherFields {

    private MatcherFields() {}

    /** A {@code matchers} list of matcher strings. */
    public static List<Matcher> list(YamlConfigReader r, Node node, String path) {
        List<Matcher> out = new ArrayList<>();
        SequenceNode seq = r.sequence(node, path);
        if (seq == null) {
            return out;
        }
        for (Node item : seq.getValue()) {
            String text = r.string(item, path);
            if (text == null) {
                continue;
            }
            try {
                out.addAll(MatcherParser.parse(text));
            } catch (IllegalArgumentException e) {
                r.error(item, path, e.getMessage());
            }
        }
        return out;
    }

    /** An older {@code match} (or, with {@code regex}, {@code match_re}) map of label name to value. */
    public static List<Matcher> map(YamlConfigReader r, Node node, String path, boolean regex) {
        List<Matcher> out = new ArrayList<>();
        MappingNode m = r.mapping(node, path);
        if (m == null) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String name = r.string(t.getKeyNode(), path);
            String value = r.string(t.getValueNode(), path + "." + name);
            if (name == null || value == null) {
                continue;
            }
            try {
                out.add(Matcher.of(name, regex ? Matcher.Type.REGEX : Matcher.Type.EQUAL, value));
            } catch (IllegalArgumentException e) {
                r.error(t.getValueNode(), path + "." + name, e.getMessage());
            }
        }
        return out;
    }
}
