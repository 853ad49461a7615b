package io.shopwatch.alert.config;

import io.shopwatch.alert.core.AlertDefaults;
import io.shopwatch.alert.core.AlertmanagerStrings;
import io.shopwatch.alert.escalation.EscalationParser;
import io.shopwatch.alert.escalation.EscalationPolicy;
import io.shopwatch.alert.escalation.OnCallSchedule;
import io.shopwatch.alert.inhibit.InhibitRule;
import io.shopwatch.alert.inhibit.InhibitRuleParser;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.ReceiverParser;
import io.shopwatch.alert.route.Route;
import io.shopwatch.alert.route.RouteParser;
import io.shopwatch.alert.timeinterval.TimeInterval;
import io.shopwatch.alert.timeinterval.TimeIntervalParser;
import io.shopwatch.alert.yaml.YamlConfigReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an Alertmanager configuration ({@code alertmanager.yml}, or its JSON form) into an {@link AlertmanagerConfig},
 * applying Alertmanager's defaults and checks. Every error carries the line and column of the offending node. The
 * structure (route, receivers, inhibition, time intervals) is strict, unknown keys there are errors; global settings
 * and integration settings this service does not act on are accepted with a warning, so that existing files load.
 *
 * <p>This class reads the top level and the {@code global} section and checks the names one section uses of another;
 * each section has its parser beside the model it builds: {@link RouteParser}, {@link ReceiverParser},
 * {@link InhibitRuleParser}, {@link TimeIntervalParser}, {@link EscalationParser} (matchers: {@code MatcherFields}),
 * all reading through one {@link YamlConfigReader}.
 */
public final class ConfigParser {

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
     * Integration settings that hold a URL the service sends to; with the global settings that default them
     * ({@code slack_api_url}, {@code pagerduty_url}, and Alertmanager's other {@code *_api_url}) they are checked by
     * the URL check of {@link #parse(String, Function, Function)}.
     */
    public static final Set<String> URL_SETTINGS = ReceiverParser.URL_SETTINGS;

    private final Function<String, Optional<Notifier>> notifiers;
    private final Function<String, Optional<String>> urlCheck;
    private final AlertDefaults defaults;

    private ConfigParser(
            Function<String, Optional<Notifier>> notifiers,
            Function<String, Optional<String>> urlCheck,
            AlertDefaults defaults) {
        this.notifiers = notifiers;
        this.urlCheck = urlCheck;
        this.defaults = defaults;
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
        return parse(text, notifiers, urlCheck, AlertDefaults.ALERTMANAGER);
    }

    /**
     * As {@link #parse(String, Function, Function)}, with {@code defaults} for the root route's timers and
     * {@code global.resolve_timeout} where the configuration sets none (the service's dynamic alert defaults).
     *
     * @throws ConfigException with every error found
     */
    public static AlertmanagerConfig parse(
            String text,
            Function<String, Optional<Notifier>> notifiers,
            Function<String, Optional<String>> urlCheck,
            AlertDefaults defaults) {
        return new ConfigParser(notifiers, urlCheck, defaults).run(text);
    }

    /** Parses with no notifier checks (every integration type accepted with a warning). */
    public static AlertmanagerConfig parse(String text) {
        return parse(text, type -> Optional.empty());
    }

    private AlertmanagerConfig run(String text) {
        YamlConfigReader r = new YamlConfigReader(urlCheck);
        Map<String, Object> globals = new LinkedHashMap<>();
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
        MappingNode top = r.mapping(root, "");
        if (top == null) {
            throw new ConfigException(errors(r));
        }
        Map<String, Node> fields = r.fields(top, "", TOP_KEYS, true);

        Duration resolveTimeout = defaults.resolveTimeout();
        Node global = fields.get("global");
        if (global != null) {
            MappingNode g = r.mapping(global, "global");
            if (g != null) {
                Map<String, Node> gf = r.fields(g, "global", Set.of(), false);
                for (Map.Entry<String, Node> e : gf.entrySet()) {
                    if (e.getKey().endsWith("_url")) {
                        r.checkUrl(e.getValue(), "global." + e.getKey());
                    }
                    if (ReceiverParser.GLOBAL_DEFAULTS.containsKey(e.getKey())) {
                        globals.put(e.getKey(), YamlConfigReader.plain(e.getValue()));
                    } else if (!e.getKey().equals("resolve_timeout")) {
                        r.warn("global." + e.getKey() + " is accepted and not used by this service yet");
                    }
                }
                if (gf.containsKey("resolve_timeout")) {
                    Duration d = r.duration(gf.get("resolve_timeout"), "global.resolve_timeout");
                    if (d != null) {
                        resolveTimeout = d;
                    }
                }
            }
        }

        Map<String, List<TimeInterval>> intervals = new LinkedHashMap<>();
        for (String key : List.of("time_intervals", "mute_time_intervals")) {
            if (fields.containsKey(key)) {
                new TimeIntervalParser(r).timeIntervals(fields.get(key), key, intervals);
            }
        }

        Map<String, List<IntegrationConfig>> receivers = new LinkedHashMap<>();
        if (fields.containsKey("receivers")) {
            new ReceiverParser(r, notifiers, globals).receivers(fields.get("receivers"), receivers);
        }

        Route route = null;
        Node routeNode = fields.get("route");
        if (routeNode == null) {
            r.error(top, "", "no route provided in config");
        } else {
            route = new RouteParser(r, defaults).root(routeNode);
        }

        List<InhibitRule> inhibitRules = new ArrayList<>();
        if (fields.containsKey("inhibit_rules")) {
            SequenceNode seq = r.sequence(fields.get("inhibit_rules"), "inhibit_rules");
            if (seq != null) {
                for (int i = 0; i < seq.getValue().size(); i++) {
                    InhibitRule rule =
                            new InhibitRuleParser(r).rule(seq.getValue().get(i), "inhibit_rules[" + i + "]");
                    if (rule != null) {
                        inhibitRules.add(rule);
                    }
                }
            }
        }
        if (fields.containsKey("templates")) {
            SequenceNode seq = r.sequence(fields.get("templates"), "templates");
            if (seq != null && !seq.getValue().isEmpty()) {
                r.warn("templates are accepted and not used by this service yet");
            }
        }

        String fallbackReceiver = null;
        if (fields.containsKey("fallback_receiver")) {
            fallbackReceiver = r.string(fields.get("fallback_receiver"), "fallback_receiver");
            if (fallbackReceiver != null) {
                r.receiverRefs().putIfAbsent(fallbackReceiver, fields.get("fallback_receiver"));
            }
        }
        Map<String, OnCallSchedule> schedules = new LinkedHashMap<>();
        if (fields.containsKey("oncall_schedules")) {
            SequenceNode seq = r.sequence(fields.get("oncall_schedules"), "oncall_schedules");
            for (int i = 0; seq != null && i < seq.getValue().size(); i++) {
                OnCallSchedule sc =
                        new EscalationParser(r).schedule(seq.getValue().get(i), "oncall_schedules[" + i + "]");
                if (sc != null && schedules.put(sc.name(), sc) != null) {
                    r.error(seq.getValue().get(i), "oncall_schedules[" + i + "]", "duplicate schedule " + sc.name());
                }
            }
        }
        Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
        if (fields.containsKey("escalation_policies")) {
            SequenceNode seq = r.sequence(fields.get("escalation_policies"), "escalation_policies");
            for (int i = 0; seq != null && i < seq.getValue().size(); i++) {
                String p = "escalation_policies[" + i + "]";
                EscalationPolicy policy =
                        new EscalationParser(r).policy(seq.getValue().get(i), p, schedules);
                if (policy != null && policies.put(policy.name(), policy) != null) {
                    r.error(seq.getValue().get(i), p, "duplicate escalation policy " + policy.name());
                }
            }
        }
        r.escalationRefs().forEach((name, node) -> {
            if (!policies.containsKey(name)) {
                r.error(
                        node,
                        "route",
                        "undefined escalation policy " + AlertmanagerStrings.quote(name) + " used in route");
            }
        });

        r.receiverRefs().forEach((name, node) -> {
            if (!receivers.containsKey(name)) {
                r.error(node, "route", "undefined receiver " + AlertmanagerStrings.quote(name) + " used in route");
            }
        });
        r.intervalRefs().forEach((name, node) -> {
            if (!intervals.containsKey(name)) {
                r.error(node, "route", "undefined time interval " + AlertmanagerStrings.quote(name) + " used in route");
            }
        });
        List<ConfigError> errors = errors(r);
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
                r.warnings(),
                policies,
                schedules,
                fallbackReceiver);
    }

    private static List<ConfigError> errors(YamlConfigReader r) {
        List<ConfigError> errors = new ArrayList<>();
        for (YamlConfigReader.Problem p : r.problems()) {
            errors.add(new ConfigError(p.line(), p.column(), p.path(), p.message()));
        }
        return errors;
    }
}
