package io.shopwatch.alert.secrets;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Keeps channel secrets out of what the API returns: an Alertmanager configuration with every secret value replaced by
 * {@value #PLACEHOLDER} (as Alertmanager prints them), and the way back, where a {@value #PLACEHOLDER} sent in a new
 * configuration keeps the value of the configuration in force.
 *
 * <p>Which settings are secret: each channel this service serves declares its own (its {@code ChannelTraits}, passed
 * in by the notifier registry), and {@link #ALERTMANAGER_SECRETS} holds those of Alertmanager's integrations that no
 * channel here serves, of the {@code global} section and of every integration's {@code http_config}. Redacted text is the configuration written
 * out again from its YAML structure: keys keep their order, scalars their type and quoting, flow and block collections
 * their style; <b>comments are dropped</b> (they may hold secrets too) and anchors are renamed. {@link #restore} edits
 * the submitted text in place, so a configuration with placeholders keeps its comments when stored.
 */
public final class SecretRedactor {

    /** What a secret value is replaced with, and what a client sends back to keep it. */
    public static final String PLACEHOLDER = "<secret>";

    /** The table key of settings that are secret in every integration (its {@code http_config}). */
    public static final String ANY_INTEGRATION = "*";

    /** The table key of the {@code global} section. */
    public static final String GLOBAL = "global";

    /**
     * Secret settings of what no channel here declares: integration type (the receiver key without {@code _configs};
     * {@value #GLOBAL} for the global section; {@value #ANY_INTEGRATION} for every integration and the global section)
     * → dotted setting paths within one integration's settings, for Alertmanager's integrations that a configuration
     * may hold but no channel here serves. URLs that carry a token are secret as a whole, as Alertmanager's
     * {@code SecretURL} is; the channels served here declare theirs the same way.
     */
    public static final Map<String, List<String>> ALERTMANAGER_SECRETS = Map.ofEntries(
            Map.entry(
                    ANY_INTEGRATION,
                    List.of(
                            "http_config.basic_auth.password",
                            "http_config.bearer_token",
                            "http_config.authorization.credentials",
                            "http_config.oauth2.client_secret",
                            "http_config.tls_config.key")),
            Map.entry(
                    GLOBAL,
                    List.of(
                            "slack_api_url",
                            "smtp_auth_password",
                            "smtp_auth_secret",
                            "opsgenie_api_key",
                            "victorops_api_key",
                            "wechat_api_secret",
                            "telegram_bot_token",
                            "rocketchat_token",
                            "rocketchat_token_id")),
            Map.entry("opsgenie", List.of("api_key")),
            Map.entry("victorops", List.of("api_key")),
            Map.entry("wechat", List.of("api_secret")),
            Map.entry("pushover", List.of("user_key", "token")),
            Map.entry("telegram", List.of("bot_token")),
            Map.entry("discord", List.of("webhook_url")),
            Map.entry("msteams", List.of("webhook_url")),
            Map.entry("msteamsv2", List.of("webhook_url")),
            Map.entry("mattermost", List.of("webhook_url")),
            Map.entry("rocketchat", List.of("token", "token_id")),
            Map.entry("sns", List.of("sigv4.secret_key")),
            Map.entry("incidentio", List.of("url", "alert_source_token")));

    /** A {@value #PLACEHOLDER} that has no value to keep in the configuration in force. */
    public record MissingSecret(String path, int line, int column) {}

    /** Thrown by {@link #restore} when placeholders have nothing to keep; lists every one of them. */
    public static final class MissingSecretException extends IllegalArgumentException {

        private final List<MissingSecret> missing;

        public MissingSecretException(List<MissingSecret> missing) {
            super(PLACEHOLDER + " has no current value to keep at "
                    + String.join(
                            ", ", missing.stream().map(MissingSecret::path).toList()));
            this.missing = List.copyOf(missing);
        }

        public List<MissingSecret> missing() {
            return missing;
        }
    }

    private static final int MAX_VALUES = 1_000_000;
    private static final Pattern URL = Pattern.compile(
            "\\b([a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^/\\s?#@\"'<>]*@)?([^/\\s?#:\"'<>]*)(:\\d+)?([^\\s\"'<>]*)");

    private final Map<String, List<String>> secretSettings;

    /**
     * @param channelSecrets the secret settings of each channel served here (type → setting paths), as the channels
     *     declare them; they take the place of {@link #ALERTMANAGER_SECRETS}' entry for the same type
     */
    public SecretRedactor(Map<String, ? extends Collection<String>> channelSecrets) {
        Map<String, List<String>> table = new HashMap<>(ALERTMANAGER_SECRETS);
        channelSecrets.forEach(
                (type, settings) -> table.put(type, settings.stream().sorted().toList()));
        this.secretSettings = Map.copyOf(table);
    }

    /** The integration types whose own secret settings are known (served channels and Alertmanager's others). */
    public Set<String> integrationTypes() {
        Set<String> types = new TreeSet<>(secretSettings.keySet());
        types.removeAll(Set.of(ANY_INTEGRATION, GLOBAL));
        return Collections.unmodifiableSet(types);
    }

    /** The secret setting paths of one integration type, its own and the common ones. */
    public List<String> secretPaths(String integrationType) {
        return Stream.concat(
                        secretSettings.getOrDefault(integrationType, List.of()).stream(),
                        secretSettings.get(ANY_INTEGRATION).stream())
                .toList();
    }

    // ---- redaction

    /**
     * The configuration with every non-empty secret replaced by {@value #PLACEHOLDER}, as YAML (without comments).
     *
     * @throws IllegalArgumentException when the text is not YAML (the message does not quote it)
     */
    public String redact(String yaml) {
        Node root = redactedNode(yaml);
        if (root == null) {
            return "";
        }
        DumperOptions options = new DumperOptions();
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        StringWriter out = new StringWriter();
        new Yaml(options).serialize(root, out);
        return out.toString();
    }

    /**
     * The redacted configuration as plain values (maps in key order, lists, strings, numbers, booleans, nulls), for its
     * JSON form. Scalars keep the type YAML gives them, except that values Java cannot hold as numbers stay strings.
     */
    public Object redactedTree(String yaml) {
        Node root = redactedNode(yaml);
        return root == null ? null : plain(root, new int[] {0});
    }

    /** A copy of one integration's settings (as {@code IntegrationConfig} holds them) with its secrets replaced. */
    public Map<String, Object> redact(Map<String, Object> settings, String integrationType) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copy(settings);
        for (String path : secretPaths(integrationType)) {
            String[] keys = path.split("\\.");
            Map<String, Object> at = copy;
            for (int i = 0; i < keys.length - 1 && at != null; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = at.get(keys[i]) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
                at = next;
            }
            if (at != null && hasValue(at.get(keys[keys.length - 1]))) {
                at.put(keys[keys.length - 1], PLACEHOLDER);
            }
        }
        return copy;
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l.stream().map(SecretRedactor::copy).toList());
        }
        return value;
    }

    private static boolean hasValue(Object value) {
        return value != null && !(value instanceof String s && s.isEmpty());
    }

    private Node redactedNode(String yaml) {
        Node root = compose(yaml);
        if (!(root instanceof MappingNode top)) {
            return root;
        }
        Set<Node> secrets = Collections.newSetFromMap(new IdentityHashMap<>());
        forEachSecret(top, (location, tuple) -> {
            if (isSecretValue(tuple.getValueNode())) {
                secrets.add(tuple.getValueNode());
            }
        });
        // the same node may also be reached through an alias elsewhere: replace it wherever it appears
        replace(top, secrets, Collections.newSetFromMap(new IdentityHashMap<>()));
        return top;
    }

    private static boolean isSecretValue(Node node) {
        if (node instanceof ScalarNode s) {
            return !isNull(s) && !s.getValue().isEmpty();
        }
        return true;
    }

    private static void replace(Node node, Set<Node> secrets, Set<Node> visited) {
        if (!visited.add(node)) {
            return;
        }
        if (node instanceof ScalarNode s && isBase60(s)) {
            // YAML 1.1 reads 17:30 as a base-60 integer; the configuration means the text, which is written back
            s.setTag(Tag.STR);
        } else if (node instanceof MappingNode m) {
            List<NodeTuple> tuples = m.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                if (secrets.contains(t.getValueNode())) {
                    tuples.set(i, new NodeTuple(t.getKeyNode(), placeholder()));
                } else {
                    replace(t.getValueNode(), secrets, visited);
                }
            }
        } else if (node instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                if (secrets.contains(items.get(i))) {
                    items.set(i, placeholder());
                } else {
                    replace(items.get(i), secrets, visited);
                }
            }
        }
    }

    private static ScalarNode placeholder() {
        return new ScalarNode(Tag.STR, PLACEHOLDER, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static Object plain(Node node, int[] count) {
        if (++count[0] > MAX_VALUES) {
            throw new IllegalArgumentException("the configuration expands to more than " + MAX_VALUES + " values");
        }
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Object key = plain(t.getKeyNode(), count);
                out.put(String.valueOf(key), plain(t.getValueNode(), count));
            }
            return out;
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node item : s.getValue()) {
                out.add(plain(item, count));
            }
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
        try {
            if (tag.endsWith(":int")) {
                return Long.valueOf(s.getValue().replace("_", ""));
            }
            if (tag.endsWith(":float")) {
                return Double.valueOf(s.getValue().replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return s.getValue();
        }
        return s.getValue();
    }

    // ---- restoring placeholders

    /**
     * The new configuration text with every {@value #PLACEHOLDER} at a secret setting replaced by the value at the
     * same place of the current configuration: the receiver of the same name, the same integration type and index, the
     * same setting path (or the same {@code global} setting). Only the placeholders change; the rest of the text,
     * comments included, stays as it was. Text that is not YAML is returned as it is, for the parser to report.
     *
     * @param newText the configuration a client sent
     * @param currentText the configuration in force
     * @throws MissingSecretException when a placeholder has no current value to keep
     */
    public String restore(String newText, String currentText) {
        if (!newText.contains(PLACEHOLDER)) {
            return newText;
        }
        Node root;
        try {
            root = compose(newText);
        } catch (IllegalArgumentException e) {
            return newText;
        }
        if (!(root instanceof MappingNode top)) {
            return newText;
        }
        MappingNode current;
        try {
            current = compose(currentText) instanceof MappingNode m ? m : null;
        } catch (IllegalArgumentException e) {
            current = null;
        }
        MappingNode currentTop = current;
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<int[]> spans = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<MissingSecret> missing = new ArrayList<>();
        forEachSecret(top, (location, tuple) -> {
            if (!(tuple.getValueNode() instanceof ScalarNode s)
                    || isNull(s)
                    || !PLACEHOLDER.equals(s.getValue())
                    || !seen.add(s)) {
                return;
            }
            int line = s.getStartMark() == null ? 0 : s.getStartMark().getLine() + 1;
            int column = s.getStartMark() == null ? 0 : s.getStartMark().getColumn() + 1;
            Optional<String> value = currentTop == null ? Optional.empty() : valueAt(currentTop, location);
            int[] span = span(newText, s);
            if (value.isEmpty() || span == null) {
                missing.add(new MissingSecret(location.path(), line, column));
                return;
            }
            spans.add(span);
            values.add(quote(value.get()));
        });
        if (!missing.isEmpty()) {
            throw new MissingSecretException(missing);
        }
        if (spans.isEmpty()) {
            return newText;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(spans.get(b)[0], spans.get(a)[0]));
        StringBuilder out = new StringBuilder(newText);
        for (int i : order) {
            out.replace(spans.get(i)[0], spans.get(i)[1], values.get(i));
        }
        return out.toString();
    }

    /** Where the placeholder scalar is written in the text (char offsets), or null if not written plainly. */
    private static int[] span(String text, ScalarNode s) {
        if (s.getEndMark() == null) {
            return null;
        }
        int end;
        try {
            end = text.offsetByCodePoints(0, s.getEndMark().getIndex());
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
        for (String written : List.of(PLACEHOLDER, "'" + PLACEHOLDER + "'", "\"" + PLACEHOLDER + "\"")) {
            int start = end - written.length();
            if (start >= 0 && text.startsWith(written, start)) {
                return new int[] {start, end};
            }
        }
        return null;
    }

    private static Optional<String> valueAt(MappingNode current, Location location) {
        MappingNode settings;
        if (location.receiver() == null) {
            settings = child(current, GLOBAL) instanceof MappingNode g ? g : null;
        } else {
            settings = null;
            if (child(current, "receivers") instanceof SequenceNode receivers) {
                for (Node r : receivers.getValue()) {
                    if (r instanceof MappingNode rm
                            && child(rm, "name") instanceof ScalarNode name
                            && name.getValue().equals(location.receiver())
                            && child(rm, location.integrationType() + "_configs") instanceof SequenceNode list
                            && location.index() < list.getValue().size()
                            && list.getValue().get(location.index()) instanceof MappingNode m) {
                        settings = m;
                        break;
                    }
                }
            }
        }
        if (settings == null) {
            return Optional.empty();
        }
        List<NodeTuple> found = find(settings, location.setting().split("\\."));
        // the last occurrence is the one in force, as the parser reads settings
        NodeTuple tuple = found.isEmpty() ? null : found.get(found.size() - 1);
        if (tuple != null
                && tuple.getValueNode() instanceof ScalarNode s
                && !isNull(s)
                && !s.getValue().isEmpty()
                && !s.getValue().equals(PLACEHOLDER)) {
            return Optional.of(s.getValue());
        }
        return Optional.empty();
    }

    /** A YAML double-quoted scalar that is also a JSON string, so that YAML and JSON documents stay valid. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff) {
                out.append(String.format(Locale.ROOT, "\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }

    // ---- walking the secret settings

    /**
     * Where a secret setting is.
     *
     * @param receiver the receiver's name; null for the global section
     * @param integrationType the integration type; {@value #GLOBAL} for the global section
     * @param index the integration's position among the receiver's integrations of its type
     * @param setting the dotted setting path within the integration (or the global section)
     * @param path where in the document, as configuration errors name it
     */
    private record Location(String receiver, String integrationType, int index, String setting, String path) {}

    private interface SecretVisitor {
        void visit(Location location, NodeTuple tuple);
    }

    private void forEachSecret(MappingNode root, SecretVisitor visitor) {
        if (child(root, GLOBAL) instanceof MappingNode global) {
            for (String setting : secretPaths(GLOBAL)) {
                for (NodeTuple t : find(global, setting.split("\\."))) {
                    visitor.visit(new Location(null, GLOBAL, 0, setting, GLOBAL + "." + setting), t);
                }
            }
        }
        if (!(child(root, "receivers") instanceof SequenceNode receivers)) {
            return;
        }
        for (int r = 0; r < receivers.getValue().size(); r++) {
            if (!(receivers.getValue().get(r) instanceof MappingNode receiver)
                    || !(child(receiver, "name") instanceof ScalarNode name)) {
                continue;
            }
            for (NodeTuple integration : receiver.getValue()) {
                if (!(integration.getKeyNode() instanceof ScalarNode key)
                        || !key.getValue().endsWith("_configs")
                        || !(integration.getValueNode() instanceof SequenceNode list)) {
                    continue;
                }
                String type = key.getValue().substring(0, key.getValue().length() - "_configs".length());
                for (int i = 0; i < list.getValue().size(); i++) {
                    if (!(list.getValue().get(i) instanceof MappingNode settings)) {
                        continue;
                    }
                    for (String setting : secretPaths(type)) {
                        for (NodeTuple t : find(settings, setting.split("\\."))) {
                            String path = "receivers[" + r + "]." + key.getValue() + "[" + i + "]." + setting;
                            visitor.visit(new Location(name.getValue(), type, i, setting, path), t);
                        }
                    }
                }
            }
        }
    }

    /**
     * Every tuple at a setting path, in document order: a key written twice in integration settings is not an error
     * (the last one counts), so each occurrence is found.
     */
    private static List<NodeTuple> find(MappingNode mapping, String[] keys) {
        List<NodeTuple> out = new ArrayList<>();
        find(mapping, keys, 0, out);
        return out;
    }

    private static void find(MappingNode mapping, String[] keys, int depth, List<NodeTuple> out) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(keys[depth])) {
                if (depth == keys.length - 1) {
                    out.add(t);
                } else if (t.getValueNode() instanceof MappingNode next) {
                    find(next, keys, depth + 1, out);
                }
            }
        }
    }

    private static Node child(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static boolean isBase60(ScalarNode node) {
        return (node.getTag().equals(Tag.INT) || node.getTag().equals(Tag.FLOAT))
                && node.getValue().indexOf(':') >= 0;
    }

    private static boolean isNull(ScalarNode node) {
        return node.getTag().getValue().endsWith(":null");
    }

    private static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(4 * 1024 * 1024);
        try {
            return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (RuntimeException e) {
            // the parser's message quotes the text around the problem, which may be a secret
            throw new IllegalArgumentException("the configuration is not valid YAML");
        }
    }

    // ---- messages

    /**
     * A message with every URL in it cut down to scheme, host and port: URLs of channels carry tokens in their user
     * info, path or query. For log lines and errors built from exceptions whose message may quote a URL.
     */
    public static String scrub(String message) {
        if (message == null || !message.contains("://")) {
            return message;
        }
        Matcher m = URL.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String port = m.group(3) == null ? "" : m.group(3);
            String rest = m.group(4).isEmpty() ? "" : "/…";
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + port + rest));
        }
        m.appendTail(out);
        return out.toString();
    }
}
