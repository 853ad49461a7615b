package io.shopwatch.alert.config;

import io.shopwatch.alert.core.AlertmanagerStrings;
import io.shopwatch.alert.core.Durations;
import io.shopwatch.alert.escalation.EscalationPolicy;
import io.shopwatch.alert.escalation.OnCallSchedule;
import io.shopwatch.alert.inhibit.InhibitRule;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.matcher.MatcherParser;
import io.shopwatch.alert.matcher.Matchers;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.route.Route;
import io.shopwatch.alert.route.RouteOptions;
import io.shopwatch.alert.timeinterval.TimeInterval;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an Alertmanager configuration ({@code alertmanager.yml}, or its JSON form) into an {@link AlertmanagerConfig},
 * applying Alertmanager's defaults and checks. Every error carries the line and column of the offending node. The
 * structure (route, receivers, inhibition, time intervals) is strict, unknown keys there are errors; global settings
 * and integration settings this service does not act on are accepted with a warning, so that existing files load.
 */
public final class ConfigParser {

    /** Receiver integration keys Alertmanager knows, plus the ones ShopWatch adds. */
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
            "wechat",
            "dingtalk",
            "wecom",
            "feishu");

    private static final Set<String> RESOLVED_OFF_BY_DEFAULT = Set.of("email", "wechat");

    private static final Set<String> TOP_KEYS = Set.of(
            "global",
            "route",
            "receivers",
            "inhibit_rules",
            "time_intervals",
            "mute_time_intervals",
            "templates",
            "tracing",
            "fallback_receiver",
            "escalation_policies",
            "oncall_schedules");
    /**
     * Alertmanager's {@code global} settings that are defaults of integration settings: global key → integration type
     * and setting.
     */
    private static final Map<String, List<String>> GLOBAL_DEFAULTS = Map.ofEntries(
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

    private static final Set<String> POLICY_KEYS = Set.of("name", "steps", "repeat", "repeat_after");
    private static final Set<String> STEP_KEYS = Set.of("after", "receiver", "schedule");
    private static final Set<String> SCHEDULE_KEYS =
            Set.of("name", "timezone", "start", "handoff", "rotation", "people", "receiver");
    private static final Set<String> PERSON_KEYS = Set.of("name", "email", "mobile", "user_id");
    private static final Set<String> ROUTE_KEYS = Set.of(
            "receiver",
            "group_by",
            "continue",
            "matchers",
            "match",
            "match_re",
            "group_wait",
            "group_interval",
            "repeat_interval",
            "mute_time_intervals",
            "active_time_intervals",
            "escalation_policy",
            "routes");
    private static final Set<String> INHIBIT_KEYS = Set.of(
            "source_matchers",
            "target_matchers",
            "equal",
            "source_match",
            "source_match_re",
            "target_match",
            "target_match_re",
            "name");
    private static final Set<String> INTERVAL_KEYS =
            Set.of("times", "weekdays", "days_of_month", "months", "years", "location");
    private static final List<String> WEEKDAYS =
            List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
    private static final List<String> MONTHS = List.of(
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december");

    /**
     * Integration settings that hold a URL the service sends to; with the global settings that default them
     * ({@code slack_api_url}, {@code pagerduty_url}, and Alertmanager's other {@code *_api_url}) they are checked by
     * the URL check of {@link #parse(String, Function, Function)}.
     */
    public static final Set<String> URL_SETTINGS = Set.of("url", "api_url", "webhook_url");

    private final Function<String, Optional<Notifier>> notifiers;
    private final Function<String, Optional<String>> urlCheck;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Node> receiverRefs = new LinkedHashMap<>();
    private final Map<String, Node> intervalRefs = new LinkedHashMap<>();
    private final Map<String, Node> escalationRefs = new LinkedHashMap<>();
    private final Map<String, Object> globals = new LinkedHashMap<>();

    private ConfigParser(Function<String, Optional<Notifier>> notifiers, Function<String, Optional<String>> urlCheck) {
        this.notifiers = notifiers;
        this.urlCheck = urlCheck;
    }

    /**
     * Parses and validates a configuration.
     *
     * @param notifiers the notifier of an integration type, for its settings checks; absent types are accepted with a
     *     warning
     * @throws ConfigException with every error found
     */
    public static AlertmanagerConfig parse(String text, Function<String, Optional<Notifier>> notifiers) {
        return parse(text, notifiers, url -> Optional.empty());
    }

    /**
     * Parses and validates a configuration that is being stored: also every URL the service would send to
     * ({@link #URL_SETTINGS} of every integration, the global {@code *_url} settings) passes {@code urlCheck}, whose
     * answer is the problem, reported at the URL's line and column. Configurations already stored are read without it,
     * so that one stored under an earlier allow-list still loads.
     *
     * @throws ConfigException with every error found
     */
    public static AlertmanagerConfig parse(
            String text, Function<String, Optional<Notifier>> notifiers, Function<String, Optional<String>> urlCheck) {
        return new ConfigParser(notifiers, urlCheck).run(text);
    }

    /** Parses with no notifier checks (every integration type accepted with a warning). */
    public static AlertmanagerConfig parse(String text) {
        return parse(text, type -> Optional.empty());
    }

    private AlertmanagerConfig run(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            options.setCodePointLimit(4 * 1024 * 1024);
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(List.of(new ConfigError(
                    mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, "", problem)));
        } catch (RuntimeException e) {
            throw new ConfigException(List.of(new ConfigError(0, 0, "", e.getMessage())));
        }
        if (root == null) {
            throw new ConfigException(List.of(new ConfigError(1, 1, "", "the configuration is empty")));
        }
        MappingNode top = mapping(root, "");
        if (top == null) {
            throw new ConfigException(errors);
        }
        Map<String, Node> fields = fields(top, "", TOP_KEYS, true);

        Duration resolveTimeout = AlertmanagerConfig.DEFAULT_RESOLVE_TIMEOUT;
        Node global = fields.get("global");
        if (global != null) {
            MappingNode g = mapping(global, "global");
            if (g != null) {
                Map<String, Node> gf = fields(g, "global", Set.of(), false);
                for (Map.Entry<String, Node> e : gf.entrySet()) {
                    if (e.getKey().endsWith("_url")) {
                        checkUrl(e.getValue(), "global." + e.getKey());
                    }
                    if (GLOBAL_DEFAULTS.containsKey(e.getKey())) {
                        globals.put(e.getKey(), plain(e.getValue()));
                    } else if (!e.getKey().equals("resolve_timeout")) {
                        warnings.add("global." + e.getKey() + " is accepted and not used by this service yet");
                    }
                }
                if (gf.containsKey("resolve_timeout")) {
                    Duration d = duration(gf.get("resolve_timeout"), "global.resolve_timeout");
                    if (d != null) {
                        resolveTimeout = d;
                    }
                }
            }
        }

        Map<String, List<TimeInterval>> intervals = new LinkedHashMap<>();
        for (String key : List.of("time_intervals", "mute_time_intervals")) {
            if (fields.containsKey(key)) {
                timeIntervals(fields.get(key), key, intervals);
            }
        }

        Map<String, List<IntegrationConfig>> receivers = new LinkedHashMap<>();
        if (fields.containsKey("receivers")) {
            receivers(fields.get("receivers"), receivers);
        }

        Route route = null;
        Node routeNode = fields.get("route");
        if (routeNode == null) {
            error(top, "", "no route provided in config");
        } else {
            route = rootRoute(routeNode);
        }

        List<InhibitRule> inhibitRules = new ArrayList<>();
        if (fields.containsKey("inhibit_rules")) {
            SequenceNode seq = sequence(fields.get("inhibit_rules"), "inhibit_rules");
            if (seq != null) {
                for (int i = 0; i < seq.getValue().size(); i++) {
                    InhibitRule rule = inhibitRule(seq.getValue().get(i), "inhibit_rules[" + i + "]");
                    if (rule != null) {
                        inhibitRules.add(rule);
                    }
                }
            }
        }
        if (fields.containsKey("templates")) {
            SequenceNode seq = sequence(fields.get("templates"), "templates");
            if (seq != null && !seq.getValue().isEmpty()) {
                warnings.add("templates are accepted and not used by this service yet");
            }
        }

        String fallbackReceiver = null;
        if (fields.containsKey("fallback_receiver")) {
            fallbackReceiver = string(fields.get("fallback_receiver"), "fallback_receiver");
            if (fallbackReceiver != null) {
                receiverRefs.putIfAbsent(fallbackReceiver, fields.get("fallback_receiver"));
            }
        }
        Map<String, OnCallSchedule> schedules = new LinkedHashMap<>();
        if (fields.containsKey("oncall_schedules")) {
            SequenceNode seq = sequence(fields.get("oncall_schedules"), "oncall_schedules");
            for (int i = 0; seq != null && i < seq.getValue().size(); i++) {
                OnCallSchedule sc = schedule(seq.getValue().get(i), "oncall_schedules[" + i + "]");
                if (sc != null && schedules.put(sc.name(), sc) != null) {
                    error(seq.getValue().get(i), "oncall_schedules[" + i + "]", "duplicate schedule " + sc.name());
                }
            }
        }
        Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
        if (fields.containsKey("escalation_policies")) {
            SequenceNode seq = sequence(fields.get("escalation_policies"), "escalation_policies");
            for (int i = 0; seq != null && i < seq.getValue().size(); i++) {
                String p = "escalation_policies[" + i + "]";
                EscalationPolicy policy = policy(seq.getValue().get(i), p, schedules);
                if (policy != null && policies.put(policy.name(), policy) != null) {
                    error(seq.getValue().get(i), p, "duplicate escalation policy " + policy.name());
                }
            }
        }
        escalationRefs.forEach((name, node) -> {
            if (!policies.containsKey(name)) {
                error(
                        node,
                        "route",
                        "undefined escalation policy " + AlertmanagerStrings.quote(name) + " used in route");
            }
        });

        receiverRefs.forEach((name, node) -> {
            if (!receivers.containsKey(name)) {
                error(node, "route", "undefined receiver " + AlertmanagerStrings.quote(name) + " used in route");
            }
        });
        intervalRefs.forEach((name, node) -> {
            if (!intervals.containsKey(name)) {
                error(node, "route", "undefined time interval " + AlertmanagerStrings.quote(name) + " used in route");
            }
        });
        if (!errors.isEmpty()) {
            errors.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : a.column() - b.column());
            throw new ConfigException(errors);
        }
        return new AlertmanagerConfig(
                resolveTimeout,
                route,
                receivers,
                inhibitRules,
                intervals,
                text,
                warnings,
                policies,
                schedules,
                fallbackReceiver);
    }

    // ---- routes

    private Route rootRoute(Node node) {
        MappingNode m = mapping(node, "route");
        if (m == null) {
            return null;
        }
        Map<String, Node> f = fields(m, "route", ROUTE_KEYS, true);
        if (!f.containsKey("receiver")) {
            error(m, "route", "root route must specify a default receiver");
        }
        for (String k : List.of("matchers", "match", "match_re")) {
            if (f.containsKey(k)) {
                error(f.get(k), "route." + k, "root route must not have any matchers");
            }
        }
        for (String k : List.of("mute_time_intervals", "active_time_intervals")) {
            if (f.containsKey(k)) {
                error(f.get(k), "route." + k, "root route must not have any " + k.replace('_', ' '));
            }
        }
        if (f.containsKey("continue") && Boolean.TRUE.equals(bool(f.get("continue"), "route.continue"))) {
            error(f.get("continue"), "route.continue", "cannot have continue in root route");
        }
        RouteOptions defaults = new RouteOptions(
                "",
                Set.of(),
                false,
                RouteOptions.DEFAULT_GROUP_WAIT,
                RouteOptions.DEFAULT_GROUP_INTERVAL,
                RouteOptions.DEFAULT_REPEAT_INTERVAL,
                List.of(),
                List.of(),
                null);
        RouteOptions options = options(f, "route", defaults);
        Route root = Route.root(options);
        children(root, f, "route");
        return root;
    }

    private void children(Route parent, Map<String, Node> f, String path) {
        if (!f.containsKey("routes")) {
            return;
        }
        SequenceNode seq = sequence(f.get("routes"), path + ".routes");
        if (seq == null) {
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String p = path + ".routes[" + i + "]";
            MappingNode m = mapping(seq.getValue().get(i), p);
            if (m == null) {
                continue;
            }
            Map<String, Node> cf = fields(m, p, ROUTE_KEYS, true);
            List<Matcher> matchers = new ArrayList<>();
            if (cf.containsKey("matchers")) {
                matchers.addAll(matcherList(cf.get("matchers"), p + ".matchers"));
            }
            if (cf.containsKey("match")) {
                matchers.addAll(matchMap(cf.get("match"), p + ".match", false));
            }
            if (cf.containsKey("match_re")) {
                matchers.addAll(matchMap(cf.get("match_re"), p + ".match_re", true));
            }
            RouteOptions options = options(cf, p, parent.options());
            Boolean cont = cf.containsKey("continue") ? bool(cf.get("continue"), p + ".continue") : Boolean.FALSE;
            Route child = parent.addChild(Matchers.sorted(matchers), options, Boolean.TRUE.equals(cont));
            children(child, cf, p);
        }
    }

    private RouteOptions options(Map<String, Node> f, String path, RouteOptions inherited) {
        String receiver = inherited.receiver();
        if (f.containsKey("receiver")) {
            String r = string(f.get("receiver"), path + ".receiver");
            if (r != null) {
                receiver = r;
                receiverRefs.putIfAbsent(r, f.get("receiver"));
            }
        }
        Set<String> groupBy = inherited.groupBy();
        boolean groupByAll = inherited.groupByAll();
        if (f.containsKey("group_by")) {
            groupBy = new LinkedHashSet<>();
            groupByAll = false;
            SequenceNode seq = sequence(f.get("group_by"), path + ".group_by");
            if (seq != null) {
                List<Node> items = seq.getValue();
                for (Node item : items) {
                    String name = string(item, path + ".group_by");
                    if (name == null) {
                        continue;
                    }
                    if (name.equals("...")) {
                        if (items.size() > 1) {
                            error(
                                    item,
                                    path + ".group_by",
                                    "cannot have wildcard group_by (`...`) and other labels at the same time");
                        }
                        groupByAll = true;
                    } else if (name.isEmpty()) {
                        error(item, path + ".group_by", "invalid label name \"\" in group_by list");
                    } else if (!groupBy.add(name)) {
                        error(
                                item,
                                path + ".group_by",
                                "duplicated label " + AlertmanagerStrings.quote(name) + " in group_by");
                    }
                }
            }
        }
        Duration groupWait = durationOr(f, "group_wait", path, inherited.groupWait());
        Duration groupInterval = durationOr(f, "group_interval", path, inherited.groupInterval());
        Duration repeatInterval = durationOr(f, "repeat_interval", path, inherited.repeatInterval());
        if (f.containsKey("group_interval") && groupInterval.isZero()) {
            error(f.get("group_interval"), path + ".group_interval", "group_interval cannot be zero");
        }
        if (f.containsKey("repeat_interval") && repeatInterval.isZero()) {
            error(f.get("repeat_interval"), path + ".repeat_interval", "repeat_interval cannot be zero");
        }
        List<String> mute = f.containsKey("mute_time_intervals")
                ? intervalNames(f.get("mute_time_intervals"), path + ".mute_time_intervals")
                : List.of();
        List<String> active = f.containsKey("active_time_intervals")
                ? intervalNames(f.get("active_time_intervals"), path + ".active_time_intervals")
                : List.of();
        String escalation = inherited.escalationPolicy();
        if (f.containsKey("escalation_policy")) {
            escalation = string(f.get("escalation_policy"), path + ".escalation_policy");
            if (escalation != null && !escalation.isEmpty()) {
                escalationRefs.putIfAbsent(escalation, f.get("escalation_policy"));
            } else {
                escalation = null;
            }
        }
        return new RouteOptions(
                receiver, groupBy, groupByAll, groupWait, groupInterval, repeatInterval, mute, active, escalation);
    }

    private List<String> intervalNames(Node node, String path) {
        List<String> names = new ArrayList<>();
        SequenceNode seq = sequence(node, path);
        if (seq != null) {
            for (Node item : seq.getValue()) {
                String name = string(item, path);
                if (name != null) {
                    names.add(name);
                    intervalRefs.putIfAbsent(name, item);
                }
            }
        }
        return names;
    }

    private Duration durationOr(Map<String, Node> f, String key, String path, Duration fallback) {
        if (!f.containsKey(key)) {
            return fallback;
        }
        Duration d = duration(f.get(key), path + "." + key);
        return d == null ? fallback : d;
    }

    // ---- matchers

    private List<Matcher> matcherList(Node node, String path) {
        List<Matcher> out = new ArrayList<>();
        SequenceNode seq = sequence(node, path);
        if (seq == null) {
            return out;
        }
        for (Node item : seq.getValue()) {
            String text = string(item, path);
            if (text == null) {
                continue;
            }
            try {
                out.addAll(MatcherParser.parse(text));
            } catch (IllegalArgumentException e) {
                error(item, path, e.getMessage());
            }
        }
        return out;
    }

    private List<Matcher> matchMap(Node node, String path, boolean regex) {
        List<Matcher> out = new ArrayList<>();
        MappingNode m = mapping(node, path);
        if (m == null) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String name = string(t.getKeyNode(), path);
            String value = string(t.getValueNode(), path + "." + name);
            if (name == null || value == null) {
                continue;
            }
            try {
                out.add(Matcher.of(name, regex ? Matcher.Type.REGEX : Matcher.Type.EQUAL, value));
            } catch (IllegalArgumentException e) {
                error(t.getValueNode(), path + "." + name, e.getMessage());
            }
        }
        return out;
    }

    // ---- receivers

    private void receivers(Node node, Map<String, List<IntegrationConfig>> out) {
        SequenceNode seq = sequence(node, "receivers");
        if (seq == null) {
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String path = "receivers[" + i + "]";
            MappingNode m = mapping(seq.getValue().get(i), path);
            if (m == null) {
                continue;
            }
            Map<String, Node> f = fields(m, path, Set.of(), false);
            String name = f.containsKey("name") ? string(f.get("name"), path + ".name") : null;
            if (name == null || name.isEmpty()) {
                error(m, path, "missing name in receiver");
                continue;
            }
            if (out.containsKey(name)) {
                error(
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
                if (!key.endsWith("_configs")
                        || !INTEGRATION_TYPES.contains(key.substring(0, key.length() - "_configs".length()))) {
                    error(keyNode(m, key), path, "field " + key + " not found in type config.plain");
                    continue;
                }
                String type = key.substring(0, key.length() - "_configs".length());
                integrations(e.getValue(), path + "." + key, type, name, integrations);
            }
            out.put(name, integrations);
        }
    }

    private void integrations(Node node, String path, String type, String receiver, List<IntegrationConfig> out) {
        SequenceNode seq = sequence(node, path);
        if (seq == null) {
            return;
        }
        Optional<Notifier> notifier = notifiers.apply(type);
        if (notifier.isEmpty() && !seq.getValue().isEmpty()) {
            warnings.add("receiver " + AlertmanagerStrings.quote(receiver) + ": " + type
                    + "_configs are accepted and not delivered by this service yet");
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String p = path + "[" + i + "]";
            Node item = seq.getValue().get(i);
            MappingNode m = mapping(item, p);
            if (m == null) {
                continue;
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            boolean sendResolved = !RESOLVED_OFF_BY_DEFAULT.contains(type);
            for (NodeTuple t : m.getValue()) {
                String key = string(t.getKeyNode(), p);
                if (key == null) {
                    continue;
                }
                if (key.equals("send_resolved")) {
                    Boolean b = bool(t.getValueNode(), p + ".send_resolved");
                    if (b != null) {
                        sendResolved = b;
                    }
                    continue;
                }
                settings.put(key, plain(t.getValueNode()));
                if (URL_SETTINGS.contains(key)) {
                    checkUrl(t.getValueNode(), p + "." + key);
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
                duration(valueNode(m, "timeout"), p + ".timeout");
            }
            if (settings.containsKey("max_alerts") && !(settings.get("max_alerts") instanceof Integer)) {
                error(valueNode(m, "max_alerts"), p + ".max_alerts", "max_alerts must be a non-negative integer");
            }
            int index = i;
            notifier.ifPresent(n -> n.validate(settings).forEach(msg -> error(item, p, msg)));
            out.add(new IntegrationConfig(type, index, sendResolved, settings));
        }
    }

    // ---- escalation (ShopWatch)

    private EscalationPolicy policy(Node node, String path, Map<String, OnCallSchedule> schedules) {
        MappingNode m = mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = fields(m, path, POLICY_KEYS, true);
        String name = f.containsKey("name") ? string(f.get("name"), path + ".name") : null;
        if (name == null || name.isEmpty()) {
            error(m, path, "missing name in escalation policy");
            return null;
        }
        List<EscalationPolicy.Step> steps = new ArrayList<>();
        SequenceNode seq = f.containsKey("steps") ? sequence(f.get("steps"), path + ".steps") : null;
        if (seq == null || seq.getValue().isEmpty()) {
            error(m, path, "escalation policy " + AlertmanagerStrings.quote(name) + " has no steps");
            return null;
        }
        Duration previous = Duration.ZERO;
        for (int i = 0; i < seq.getValue().size(); i++) {
            String p = path + ".steps[" + i + "]";
            MappingNode sm = mapping(seq.getValue().get(i), p);
            if (sm == null) {
                continue;
            }
            Map<String, Node> sf = fields(sm, p, STEP_KEYS, true);
            Duration after = sf.containsKey("after") ? duration(sf.get("after"), p + ".after") : Duration.ZERO;
            if (after == null) {
                continue;
            }
            if (after.compareTo(previous) < 0) {
                error(sf.get("after"), p + ".after", "steps must be in order: after is shorter than the step before");
            }
            previous = after;
            String receiver = sf.containsKey("receiver") ? string(sf.get("receiver"), p + ".receiver") : null;
            String schedule = sf.containsKey("schedule") ? string(sf.get("schedule"), p + ".schedule") : null;
            if ((receiver == null) == (schedule == null)) {
                error(sm, p, "a step names exactly one of receiver and schedule");
                continue;
            }
            if (receiver != null) {
                receiverRefs.putIfAbsent(receiver, sf.get("receiver"));
            }
            if (schedule != null && !schedules.containsKey(schedule)) {
                error(sf.get("schedule"), p + ".schedule", "undefined schedule " + AlertmanagerStrings.quote(schedule));
            }
            steps.add(new EscalationPolicy.Step(after, receiver, schedule));
        }
        int repeat = 0;
        if (f.containsKey("repeat")) {
            Object r = plain(f.get("repeat"));
            if (r instanceof Integer n && n >= 0) {
                repeat = n;
            } else {
                error(f.get("repeat"), path + ".repeat", "repeat must be a non-negative integer");
            }
        }
        Duration repeatAfter = durationOr(f, "repeat_after", path, Duration.ofMinutes(30));
        return new EscalationPolicy(name, steps, repeat, repeatAfter);
    }

    private OnCallSchedule schedule(Node node, String path) {
        MappingNode m = mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = fields(m, path, SCHEDULE_KEYS, true);
        String name = f.containsKey("name") ? string(f.get("name"), path + ".name") : null;
        if (name == null || name.isEmpty()) {
            error(m, path, "missing name in schedule");
            return null;
        }
        java.time.ZoneId zone = java.time.ZoneOffset.UTC;
        if (f.containsKey("timezone")) {
            String z = string(f.get("timezone"), path + ".timezone");
            try {
                zone = java.time.ZoneId.of(z);
            } catch (RuntimeException e) {
                error(f.get("timezone"), path + ".timezone", "unknown time zone " + AlertmanagerStrings.quote(z));
            }
        }
        java.time.LocalDate start = java.time.LocalDate.of(2026, 1, 1);
        if (f.containsKey("start")) {
            String v = string(f.get("start"), path + ".start");
            try {
                start = java.time.LocalDate.parse(v);
            } catch (RuntimeException e) {
                error(f.get("start"), path + ".start", "start must be a date like 2026-01-05");
            }
        }
        java.time.LocalTime handoff = java.time.LocalTime.of(9, 0);
        if (f.containsKey("handoff")) {
            String v = string(f.get("handoff"), path + ".handoff");
            try {
                handoff = java.time.LocalTime.parse(v);
            } catch (RuntimeException e) {
                error(f.get("handoff"), path + ".handoff", "handoff must be a time like 09:00");
            }
        }
        Duration rotation = durationOr(f, "rotation", path, Duration.ofDays(7));
        if (rotation.isZero() || rotation.isNegative()) {
            error(f.get("rotation"), path + ".rotation", "rotation must be positive");
            rotation = Duration.ofDays(7);
        }
        List<OnCallSchedule.Person> people = new ArrayList<>();
        SequenceNode seq = f.containsKey("people") ? sequence(f.get("people"), path + ".people") : null;
        for (int i = 0; seq != null && i < seq.getValue().size(); i++) {
            String p = path + ".people[" + i + "]";
            MappingNode pm = mapping(seq.getValue().get(i), p);
            if (pm == null) {
                continue;
            }
            Map<String, Node> pf = fields(pm, p, PERSON_KEYS, true);
            String person = pf.containsKey("name") ? string(pf.get("name"), p + ".name") : null;
            if (person == null || person.isEmpty()) {
                error(pm, p, "missing name of person");
                continue;
            }
            people.add(new OnCallSchedule.Person(
                    person,
                    pf.containsKey("email") ? string(pf.get("email"), p + ".email") : null,
                    pf.containsKey("mobile") ? String.valueOf(plain(pf.get("mobile"))) : null,
                    pf.containsKey("user_id") ? string(pf.get("user_id"), p + ".user_id") : null));
        }
        if (people.isEmpty()) {
            error(m, path, "schedule " + AlertmanagerStrings.quote(name) + " lists no people");
        }
        String receiver = f.containsKey("receiver") ? string(f.get("receiver"), path + ".receiver") : null;
        if (receiver == null) {
            error(
                    m,
                    path,
                    "schedule " + AlertmanagerStrings.quote(name) + " names no receiver to reach people through");
        } else {
            receiverRefs.putIfAbsent(receiver, f.get("receiver"));
        }
        return new OnCallSchedule(name, zone, start, handoff, rotation, people, receiver);
    }

    // ---- inhibition

    private InhibitRule inhibitRule(Node node, String path) {
        MappingNode m = mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = fields(m, path, INHIBIT_KEYS, true);
        List<Matcher> source = new ArrayList<>();
        List<Matcher> target = new ArrayList<>();
        if (f.containsKey("source_matchers")) {
            source.addAll(matcherList(f.get("source_matchers"), path + ".source_matchers"));
        }
        if (f.containsKey("source_match")) {
            source.addAll(matchMap(f.get("source_match"), path + ".source_match", false));
        }
        if (f.containsKey("source_match_re")) {
            source.addAll(matchMap(f.get("source_match_re"), path + ".source_match_re", true));
        }
        if (f.containsKey("target_matchers")) {
            target.addAll(matcherList(f.get("target_matchers"), path + ".target_matchers"));
        }
        if (f.containsKey("target_match")) {
            target.addAll(matchMap(f.get("target_match"), path + ".target_match", false));
        }
        if (f.containsKey("target_match_re")) {
            target.addAll(matchMap(f.get("target_match_re"), path + ".target_match_re", true));
        }
        List<String> equal = new ArrayList<>();
        if (f.containsKey("equal")) {
            SequenceNode seq = sequence(f.get("equal"), path + ".equal");
            if (seq != null) {
                for (Node item : seq.getValue()) {
                    String name = string(item, path + ".equal");
                    if (name != null) {
                        equal.add(name);
                    }
                }
            }
        }
        return new InhibitRule(new Matchers(source), new Matchers(target), equal);
    }

    // ---- time intervals

    private void timeIntervals(Node node, String path, Map<String, List<TimeInterval>> out) {
        SequenceNode seq = sequence(node, path);
        if (seq == null) {
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String p = path + "[" + i + "]";
            MappingNode m = mapping(seq.getValue().get(i), p);
            if (m == null) {
                continue;
            }
            Map<String, Node> f = fields(m, p, Set.of("name", "time_intervals"), true);
            String name = f.containsKey("name") ? string(f.get("name"), p + ".name") : null;
            if (name == null || name.isEmpty()) {
                error(m, p, "missing name in time interval");
                continue;
            }
            if (out.containsKey(name)) {
                error(
                        f.get("name"),
                        p + ".name",
                        "time interval " + AlertmanagerStrings.quote(name) + " is not unique");
                continue;
            }
            List<TimeInterval> list = new ArrayList<>();
            if (f.containsKey("time_intervals")) {
                SequenceNode items = sequence(f.get("time_intervals"), p + ".time_intervals");
                if (items != null) {
                    for (int j = 0; j < items.getValue().size(); j++) {
                        TimeInterval ti = timeInterval(items.getValue().get(j), p + ".time_intervals[" + j + "]");
                        if (ti != null) {
                            list.add(ti);
                        }
                    }
                }
            }
            out.put(name, list);
        }
    }

    private TimeInterval timeInterval(Node node, String path) {
        MappingNode m = mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = fields(m, path, INTERVAL_KEYS, true);
        List<TimeInterval.Range> times = null;
        if (f.containsKey("times")) {
            times = new ArrayList<>();
            SequenceNode seq = sequence(f.get("times"), path + ".times");
            if (seq != null) {
                for (Node t : seq.getValue()) {
                    MappingNode tm = mapping(t, path + ".times");
                    if (tm == null) {
                        continue;
                    }
                    Map<String, Node> tf = fields(tm, path + ".times", Set.of("start_time", "end_time"), true);
                    Integer start = tf.containsKey("start_time")
                            ? clock(tf.get("start_time"), path + ".times.start_time")
                            : null;
                    Integer end =
                            tf.containsKey("end_time") ? clock(tf.get("end_time"), path + ".times.end_time") : null;
                    if (start == null || end == null) {
                        if (!tf.containsKey("start_time") || !tf.containsKey("end_time")) {
                            error(tm, path + ".times", "both start and end times must be provided");
                        }
                        continue;
                    }
                    if (start >= end) {
                        error(tm, path + ".times", "start time cannot be equal or greater than end time");
                        continue;
                    }
                    times.add(new TimeInterval.Range(start, end));
                }
            }
        }
        List<TimeInterval.Range> weekdays =
                f.containsKey("weekdays") ? ranges(f.get("weekdays"), path + ".weekdays", WEEKDAYS, 0, 6, false) : null;
        List<TimeInterval.Range> days = f.containsKey("days_of_month")
                ? ranges(f.get("days_of_month"), path + ".days_of_month", null, -31, 31, true)
                : null;
        List<TimeInterval.Range> months =
                f.containsKey("months") ? ranges(f.get("months"), path + ".months", MONTHS, 1, 12, false) : null;
        List<TimeInterval.Range> years =
                f.containsKey("years") ? ranges(f.get("years"), path + ".years", null, 0, 9999, false) : null;
        ZoneId location = null;
        if (f.containsKey("location")) {
            String loc = string(f.get("location"), path + ".location");
            if (loc != null) {
                try {
                    location = loc.equalsIgnoreCase("local") ? ZoneId.systemDefault() : ZoneId.of(loc);
                } catch (DateTimeException e) {
                    error(f.get("location"), path + ".location", "unknown time zone " + AlertmanagerStrings.quote(loc));
                }
            }
        }
        return new TimeInterval(times, weekdays, days, months, years, location);
    }

    private Integer clock(Node node, String path) {
        String s = string(node, path);
        if (s == null) {
            return null;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^(\\d{1,2}):(\\d{2})$").matcher(s);
        if (!m.matches()) {
            error(node, path, "couldn't parse timestamp " + s + ", invalid format");
            return null;
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        if (h > 24 || min > 59 || (h == 24 && min != 0)) {
            error(node, path, "timestamp " + s + " out of range");
            return null;
        }
        return h * 60 + min;
    }

    private List<TimeInterval.Range> ranges(
            Node node, String path, List<String> names, int min, int max, boolean negatives) {
        List<TimeInterval.Range> out = new ArrayList<>();
        SequenceNode seq = sequence(node, path);
        if (seq == null) {
            return out;
        }
        for (Node item : seq.getValue()) {
            String s = string(item, path);
            if (s == null) {
                continue;
            }
            String[] parts = s.split(":", -1);
            if (parts.length > 2) {
                error(item, path, "invalid range " + AlertmanagerStrings.quote(s));
                continue;
            }
            Integer begin = rangeValue(parts[0], names, item, path);
            Integer end = parts.length == 2 ? rangeValue(parts[1], names, item, path) : begin;
            if (begin == null || end == null) {
                continue;
            }
            if (begin < min || begin > max || end < min || end > max || (negatives && (begin == 0 || end == 0))) {
                error(item, path, "range " + AlertmanagerStrings.quote(s) + " is out of bounds");
                continue;
            }
            boolean sameSign = (begin < 0) == (end < 0);
            if (sameSign && begin > end) {
                error(item, path, "start of range " + AlertmanagerStrings.quote(s) + " is after its end");
                continue;
            }
            if (negatives && begin < 0 && end > 0) {
                error(
                        item,
                        path,
                        "range " + AlertmanagerStrings.quote(s) + " mixes a negative start and a positive end");
                continue;
            }
            out.add(new TimeInterval.Range(begin, end));
        }
        return out;
    }

    private Integer rangeValue(String text, List<String> names, Node node, String path) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (names != null) {
            int idx = names.indexOf(t);
            if (idx >= 0) {
                return names == MONTHS ? idx + 1 : idx;
            }
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            error(node, path, "invalid value " + AlertmanagerStrings.quote(text));
            return null;
        }
    }

    // ---- node helpers

    private Map<String, Node> fields(MappingNode m, String path, Set<String> allowed, boolean strict) {
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

    private static Node keyNode(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                return t.getKeyNode();
            }
        }
        return m;
    }

    private static Node valueNode(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return m;
    }

    private MappingNode mapping(Node node, String path) {
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

    private SequenceNode sequence(Node node, String path) {
        if (node instanceof SequenceNode s) {
            return s;
        }
        if (isNull(node)) {
            return new SequenceNode(node.getTag(), List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW);
        }
        error(node, path, "expected a list");
        return null;
    }

    private String string(Node node, String path) {
        if (node instanceof ScalarNode s && !isNull(node)) {
            return s.getValue();
        }
        error(node, path, "expected a string");
        return null;
    }

    private Boolean bool(Node node, String path) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.valueOf(v);
            }
        }
        error(node, path, "expected true or false");
        return null;
    }

    private Duration duration(Node node, String path) {
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

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    /** A node as plain Java values (maps, lists, strings, numbers, booleans). */
    static Object plain(Node node) {
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
    private void checkUrl(Node node, String path) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            urlCheck.apply(s.getValue().trim()).ifPresent(problem -> error(node, path, problem));
        }
    }

    private void error(Node node, String path, String message) {
        Mark mark = node == null ? null : node.getStartMark();
        errors.add(new ConfigError(
                mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, path, message));
    }
}
