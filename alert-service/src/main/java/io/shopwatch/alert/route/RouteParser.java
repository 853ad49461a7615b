package io.shopwatch.alert.route;

import io.shopwatch.alert.core.AlertDefaults;
import io.shopwatch.alert.core.AlertmanagerStrings;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.matcher.MatcherFields;
import io.shopwatch.alert.matcher.Matchers;
import io.shopwatch.alert.yaml.YamlConfigReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code route} tree of a configuration, with Alertmanager's defaults, inheritance and checks. */
public final class RouteParser {

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

    private final YamlConfigReader r;
    private final AlertDefaults defaults;

    /** A parser with Alertmanager's defaults. */
    public RouteParser(YamlConfigReader r) {
        this(r, AlertDefaults.ALERTMANAGER);
    }

    /** A parser whose root route takes {@code defaults} for the timers it does not set. */
    public RouteParser(YamlConfigReader r, AlertDefaults defaults) {
        this.r = r;
        this.defaults = defaults;
    }

    /** The root route ({@code route}), its defaults applied and its children read. */
    public Route root(Node node) {
        MappingNode m = r.mapping(node, "route");
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, "route", ROUTE_KEYS, true);
        if (!f.containsKey("receiver")) {
            r.error(m, "route", "root route must specify a default receiver");
        }
        for (String k : List.of("matchers", "match", "match_re")) {
            if (f.containsKey(k)) {
                r.error(f.get(k), "route." + k, "root route must not have any matchers");
            }
        }
        for (String k : List.of("mute_time_intervals", "active_time_intervals")) {
            if (f.containsKey(k)) {
                r.error(f.get(k), "route." + k, "root route must not have any " + k.replace('_', ' '));
            }
        }
        if (f.containsKey("continue") && Boolean.TRUE.equals(r.bool(f.get("continue"), "route.continue"))) {
            r.error(f.get("continue"), "route.continue", "cannot have continue in root route");
        }
        RouteOptions rootDefaults = new RouteOptions(
                "",
                Set.of(),
                false,
                defaults.groupWait(),
                defaults.groupInterval(),
                defaults.repeatInterval(),
                List.of(),
                List.of(),
                null);
        RouteOptions options = options(f, "route", rootDefaults);
        Route root = Route.root(options);
        children(root, f, "route");
        return root;
    }

    private void children(Route parent, Map<String, Node> f, String path) {
        if (!f.containsKey("routes")) {
            return;
        }
        SequenceNode seq = r.sequence(f.get("routes"), path + ".routes");
        if (seq == null) {
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String p = path + ".routes[" + i + "]";
            MappingNode m = r.mapping(seq.getValue().get(i), p);
            if (m == null) {
                continue;
            }
            Map<String, Node> cf = r.fields(m, p, ROUTE_KEYS, true);
            List<Matcher> matchers = new ArrayList<>();
            if (cf.containsKey("matchers")) {
                matchers.addAll(MatcherFields.list(r, cf.get("matchers"), p + ".matchers"));
            }
            if (cf.containsKey("match")) {
                matchers.addAll(MatcherFields.map(r, cf.get("match"), p + ".match", false));
            }
            if (cf.containsKey("match_re")) {
                matchers.addAll(MatcherFields.map(r, cf.get("match_re"), p + ".match_re", true));
            }
            RouteOptions options = options(cf, p, parent.options());
            Boolean cont = cf.containsKey("continue") ? r.bool(cf.get("continue"), p + ".continue") : Boolean.FALSE;
            Route child = parent.addChild(Matchers.sorted(matchers), options, Boolean.TRUE.equals(cont));
            children(child, cf, p);
        }
    }

    private RouteOptions options(Map<String, Node> f, String path, RouteOptions inherited) {
        String receiver = inherited.receiver();
        if (f.containsKey("receiver")) {
            String named = r.string(f.get("receiver"), path + ".receiver");
            if (named != null) {
                receiver = named;
                r.receiverRefs().putIfAbsent(named, f.get("receiver"));
            }
        }
        Set<String> groupBy = inherited.groupBy();
        boolean groupByAll = inherited.groupByAll();
        if (f.containsKey("group_by")) {
            groupBy = new LinkedHashSet<>();
            groupByAll = false;
            SequenceNode seq = r.sequence(f.get("group_by"), path + ".group_by");
            if (seq != null) {
                List<Node> items = seq.getValue();
                for (Node item : items) {
                    String name = r.string(item, path + ".group_by");
                    if (name == null) {
                        continue;
                    }
                    if (name.equals("...")) {
                        if (items.size() > 1) {
                            r.error(
                                    item,
                                    path + ".group_by",
                                    "cannot have wildcard group_by (`...`) and other labels at the same time");
                        }
                        groupByAll = true;
                    } else if (name.isEmpty()) {
                        r.error(item, path + ".group_by", "invalid label name \"\" in group_by list");
                    } else if (!groupBy.add(name)) {
                        r.error(
                                item,
                                path + ".group_by",
                                "duplicated label " + AlertmanagerStrings.quote(name) + " in group_by");
                    }
                }
            }
        }
        Duration groupWait = r.durationOr(f, "group_wait", path, inherited.groupWait());
        Duration groupInterval = r.durationOr(f, "group_interval", path, inherited.groupInterval());
        Duration repeatInterval = r.durationOr(f, "repeat_interval", path, inherited.repeatInterval());
        if (f.containsKey("group_interval") && groupInterval.isZero()) {
            r.error(f.get("group_interval"), path + ".group_interval", "group_interval cannot be zero");
        }
        if (f.containsKey("repeat_interval") && repeatInterval.isZero()) {
            r.error(f.get("repeat_interval"), path + ".repeat_interval", "repeat_interval cannot be zero");
        }
        List<String> mute = f.containsKey("mute_time_intervals")
                ? intervalNames(f.get("mute_time_intervals"), path + ".mute_time_intervals")
                : List.of();
        List<String> active = f.containsKey("active_time_intervals")
                ? intervalNames(f.get("active_time_intervals"), path + ".active_time_intervals")
                : List.of();
        String escalation = inherited.escalationPolicy();
        if (f.containsKey("escalation_policy")) {
            escalation = r.string(f.get("escalation_policy"), path + ".escalation_policy");
            if (escalation != null && !escalation.isEmpty()) {
                r.escalationRefs().putIfAbsent(escalation, f.get("escalation_policy"));
            } else {
                escalation = null;
            }
        }
        return new RouteOptions(
                receiver, groupBy, groupByAll, groupWait, groupInterval, repeatInterval, mute, active, escalation);
    }

    private List<String> intervalNames(Node node, String path) {
        List<String> names = new ArrayList<>();
        SequenceNode seq = r.sequence(node, path);
        if (seq != null) {
            for (Node item : seq.getValue()) {
                String name = r.string(item, path);
                if (name != null) {
                    names.add(name);
                    r.intervalRefs().putIfAbsent(name, item);
                }
            }
        }
        return names;
    }
}
