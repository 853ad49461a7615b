package io.shopwatch.alert.notify;

import io.shopwatch.alert.core.AlertmanagerStrings;
import io.shopwatch.alert.yaml.YamlConfigReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code receivers} of a configuration: each integration's settings, defaults from {@code global}, checks. */
public final class ReceiverParser {

    /**
     * Alertmanager's receiver integration keys, accepted even when no notifier here serves them (a configuration
     * written for Alertmanager loads; such integrations are not sent to). The channels served here are accepted because
     * the registry knows them ({@link ChannelTraits#section()}), so a new channel needs no entry here.
     */
    public static final Set<String> INTEGRATION_TYPES = Set.of(
            "discord",
            "email",
            "incidentio",
            "jira",
            "mattermost",
            "msteams",
            "msteamsv2",
            "opsgenie",
            "pagerduty",
            "pushover",
            "rocketchat",
            "slack",
            "sns",
            "telegram",
            "victorops",
            "webex",
            "webhook",
            "wechat");

    /**
     * Alertmanager's types whose {@code send_resolved} is off by default, for types no notifier serves; a served one
     * says so in its {@link ChannelTraits#sendResolvedByDefault()}.
     */
    private static final Set<String> RESOLVED_OFF_BY_DEFAULT = Set.of("email", "wechat");

    /**
     * Alertmanager's {@code global} settings that are defaults of integration settings: global key → integration type
     * and setting.
     */
    public static final Map<String, List<String>> GLOBAL_DEFAULTS = Map.ofEntries(
            Map.entry("smtp_from", List.of("email", "from")),
            Map.entry("smtp_smarthost", List.of("email", "smarthost")),
            Map.entry("smtp_hello", List.of("email", "hello")),
            Map.entry("smtp_auth_username", List.of("email", "auth_username")),
            Map.entry("smtp_auth_password", List.of("email", "auth_password")),
            Map.entry("smtp_auth_identity", List.of("email", "auth_identity")),
            Map.entry("smtp_auth_secret", List.of("email", "auth_secret")),
            Map.entry("smtp_require_tls", List.of("email", "require_tls")),
            Map.entry("slack_api_url", List.of("slack", "api_url")),
            Map.entry("slack_api_url_file", List.of("slack", "api_url_file")),
            Map.entry("pagerduty_url", List.of("pagerduty", "url")));

    /**
     * Integration settings that hold a URL the service sends to; with the global settings that default them
     * ({@code slack_api_url}, {@code pagerduty_url}, and Alertmanager's other {@code *_api_url}) they are checked by
     * the reader's URL check.
     */
    public static final Set<String> URL_SETTINGS = Set.of("url", "api_url", "webhook_url");

    private final YamlConfigReader r;

    private final Function<String, Optional<Notifier>> notifiers;

    private final Map<String, Object> globals;

    /**
     * @param notifiers the notifier of an integration type, for its settings checks
     * @param globals the {@link #GLOBAL_DEFAULTS} set in the {@code global} section
     */
    public ReceiverParser(
            YamlConfigReader r, Function<String, Optional<Notifier>> notifiers, Map<String, Object> globals) {
        this.r = r;
        this.notifiers = notifiers;
        this.globals = globals;
    }

    /** Reads the {@code receivers} list into {@code out} (receiver name → integrations). */
    public void receivers(Node node, Map<String, List<IntegrationConfig>> out) {
        SequenceNode seq = r.sequence(node, "receivers");
        if (seq == null) {
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String path = "receivers[" + i + "]";
            MappingNode m = r.mapping(seq.getValue().get(i), path);
            if (m == null) {
                continue;
            }
            Map<String, Node> f = r.fields(m, path, Set.of(), false);
            String name = f.containsKey("name") ? r.string(f.get("name"), path + ".name") : null;
            if (name == null || name.isEmpty()) {
                r.error(m, path, "missing name in receiver");
                continue;
            }
            if (out.containsKey(name)) {
                r.error(
                        f.get("name"),
                        path + ".name",
                        "notification config name " + AlertmanagerStrings.quote(name) + " is not unique");
                continue;
            }
            List<IntegrationConfig> integrations = new ArrayList<>();
            for (Map.Entry<String, Node> e : f.entrySet()) {
                String key = e.getKey();
                if (key.equals("name")) {
                    continue;
                }
                if (!key.endsWith("_configs") || !known(key.substring(0, key.length() - "_configs".length()))) {
                    r.error(YamlConfigReader.keyNode(m, key), path, "field " + key + " not found in type config.plain");
                    continue;
                }
                String type = key.substring(0, key.length() - "_configs".length());
                integrations(e.getValue(), path + "." + key, type, name, integrations);
            }
            out.put(name, integrations);
        }
    }

    /** Whether {@code type_configs} is a receiver section: Alertmanager's, ShopWatch's or a registered channel's. */
    private boolean known(String type) {
        return INTEGRATION_TYPES.contains(type) || notifiers.apply(type).isPresent();
    }

    private void integrations(Node node, String path, String type, String receiver, List<IntegrationConfig> out) {
        SequenceNode seq = r.sequence(node, path);
        if (seq == null) {
            return;
        }
        Optional<Notifier> notifier = notifiers.apply(type);
        if (notifier.isEmpty() && !seq.getValue().isEmpty()) {
            r.warn("receiver " + AlertmanagerStrings.quote(receiver) + ": " + type
                    + "_configs are accepted and not delivered by this service yet");
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String p = path + "[" + i + "]";
            Node item = seq.getValue().get(i);
            MappingNode m = r.mapping(item, p);
            if (m == null) {
                continue;
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            boolean sendResolved = notifier.map(n -> n.traits().sendResolvedByDefault())
                    .orElse(!RESOLVED_OFF_BY_DEFAULT.contains(type));
            for (NodeTuple t : m.getValue()) {
                String key = r.string(t.getKeyNode(), p);
                if (key == null) {
                    continue;
                }
                if (key.equals("send_resolved")) {
                    Boolean b = r.bool(t.getValueNode(), p + ".send_resolved");
                    if (b != null) {
                        sendResolved = b;
                    }
                    continue;
                }
                settings.put(key, YamlConfigReader.plain(t.getValueNode()));
                if (URL_SETTINGS.contains(key)) {
                    r.checkUrl(t.getValueNode(), p + "." + key);
                }
            }
            globals.forEach((key, value) -> {
                List<String> target = GLOBAL_DEFAULTS.get(key);
                boolean fileVariant = target.get(1).endsWith("_file");
                String sibling = fileVariant
                        ? target.get(1).substring(0, target.get(1).length() - "_file".length())
                        : target.get(1) + "_file";
                if (target.get(0).equals(type)
                        && value != null
                        && !settings.containsKey(target.get(1))
                        && !settings.containsKey(sibling)) {
                    settings.put(target.get(1), value);
                }
            });
            if (settings.containsKey("timeout")) {
                r.duration(YamlConfigReader.valueNode(m, "timeout"), p + ".timeout");
            }
            if (settings.containsKey("max_alerts") && !(settings.get("max_alerts") instanceof Integer)) {
                r.error(
                        YamlConfigReader.valueNode(m, "max_alerts"),
                        p + ".max_alerts",
                        "max_alerts must be a non-negative integer");
            }
            int index = i;
            notifier.ifPresent(n -> n.validate(settings).forEach(msg -> r.error(item, p, msg)));
            out.add(new IntegrationConfig(type, index, sendResolved, settings));
        }
    }
}
