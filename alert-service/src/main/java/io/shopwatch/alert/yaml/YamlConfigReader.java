package io.shopwatch.alert.yaml;

import io.shopwatch.alert.core.AlertmanagerStrings;
import io.shopwatch.alert.core.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The shared state of reading one configuration file section by section: typed access to YAML nodes that reports
 * every problem at the node's line and column instead of stopping at the first, the warnings, and the names one section
 * uses of another (receivers, time intervals, escalation policies), checked once every section is read. The section
 * parsers live beside the models they build ({@code RouteParser}, {@code ReceiverParser}, ...).
 */
public final class YamlConfigReader {

    /**
     * A problem found in the file, at the line and column of the offending node (1-based; 0 where unknown).
     *
     * @param line line
     * @param column column
     * @param path the dotted path of the node ({@code route.routes[0].receiver})
     * @param message what is wrong
     */
    public record Problem(int line, int column, String path, String message) {}

    private final Function<String, Optional<String>> urlCheck;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Node> receiverRefs = new LinkedHashMap<>();
    private final Map<String, Node> intervalRefs = new LinkedHashMap<>();
    private final Map<String, Node> escalationRefs = new LinkedHashMap<>();

    /** @param urlCheck the problem with a URL the service would send to, if any */
    public YamlConfigReader(Function<String, Optional<String>> urlCheck) {
        this.urlCheck = urlCheck;
    }

    /** The problems found so far, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    /** The warnings so far (settings accepted and not acted on). */
    public List<String> warnings() {
        return warnings;
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    /** Receiver names used (by routes, schedules, escalation steps, the fallback), each at its first use. */
    public Map<String, Node> receiverRefs() {
        return receiverRefs;
    }

    /** Time interval names used by routes, each at its first use. */
    public Map<String, Node> intervalRefs() {
        return intervalRefs;
    }

    /** Escalation policy names used by routes, each at its first use. */
    public Map<String, Node> escalationRefs() {
        return escalationRefs;
    }

    public Map<String, Node> fields(MappingNode m, String path, Set<String> allowed, boolean strict) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = string(t.getKeyNode(), path);
            if (key == null) {
                continue;
            }
            if (out.containsKey(key)) {
                error(t.getKeyNode(), path, "duplicate key " + AlertmanagerStrings.quote(key));
                continue;
            }
            if (strict && !allowed.contains(key)) {
                error(t.getKeyNode(), path, "unknown field " + AlertmanagerStrings.quote(key));
                continue;
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    public static Node keyNode(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                return t.getKeyNode();
            }
        }
        return m;
    }

    public static Node valueNode(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return m;
    }

    public MappingNode mapping(Node node, String path) {
        if (node instanceof MappingNode m) {
            return m;
        }
        if (isNull(node)) {
            error(node, path, "expected a mapping, found nothing");
        } else {
            error(node, path, "expected a mapping");
        }
        return null;
    }

    public SequenceNode sequence(Node node, String path) {
        if (node instanceof SequenceNode s) {
            return s;
        }
        if (isNull(node)) {
            return new SequenceNode(node.getTag(), List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW);
        }
        error(node, path, "expected a list");
        return null;
    }

    public String string(Node node, String path) {
        if (node instanceof ScalarNode s && !isNull(node)) {
            return s.getValue();
        }
        error(node, path, "expected a string");
        return null;
    }

    public Boolean bool(Node node, String path) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.valueOf(v);
            }
        }
        error(node, path, "expected true or false");
        return null;
    }

    public Duration duration(Node node, String path) {
        String s = string(node, path);
        if (s == null) {
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(node, path, e.getMessage());
            return null;
        }
    }

    public Duration durationOr(Map<String, Node> f, String key, String path, Duration fallback) {
        if (!f.containsKey(key)) {
            return fallback;
        }
        Duration d = duration(f.get(key), path + "." + key);
        return d == null ? fallback : d;
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    /** A node as plain Java values (maps, lists, strings, numbers, booleans). */
    public static Object plain(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                out.put(((ScalarNode) t.getKeyNode()).getValue(), plain(t.getValueNode()));
            }
            return out;
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            s.getValue().forEach(n -> out.add(plain(n)));
            return out;
        }
        ScalarNode s = (ScalarNode) node;
        String tag = s.getTag().getValue();
        if (tag.endsWith(":null")) {
            return null;
        }
        if (tag.endsWith(":bool")) {
            return Boolean.valueOf(s.getValue().toLowerCase(Locale.ROOT));
        }
        if (tag.endsWith(":int")) {
            try {
                return Integer.valueOf(s.getValue());
            } catch (NumberFormatException e) {
                return s.getValue();
            }
        }
        if (tag.endsWith(":float")) {
            try {
                return Double.valueOf(s.getValue());
            } catch (NumberFormatException e) {
                return s.getValue();
            }
        }
        return s.getValue();
    }

    /** Reports what the URL check says about a URL scalar, at its line and column. */
    public void checkUrl(Node node, String path) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            urlCheck.apply(s.getValue().trim()).ifPresent(problem -> error(node, path, problem));
        }
    }

    public void error(Node node, String path, String message) {
        Mark mark = node == null ? null : node.getStartMark();
        problems.add(new Problem(
                mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, path, message));
    }
}
