package io.shopwatch.alert.escalation;

import io.shopwatch.alert.core.AlertmanagerStrings;
import io.shopwatch.alert.yaml.YamlConfigReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads ShopWatch's {@code escalation_policies} and {@code oncall_schedules} sections. */
public final class EscalationParser {

    private static final Set<String> POLICY_KEYS = Set.of("name", "steps", "repeat", "repeat_after");

    private static final Set<String> STEP_KEYS = Set.of("after", "receiver", "schedule");

    private static final Set<String> SCHEDULE_KEYS =
            Set.of("name", "timezone", "start", "handoff", "rotation", "people", "receiver");

    private static final Set<String> PERSON_KEYS = Set.of("name", "email", "mobile", "user_id");

    private final YamlConfigReader r;

    public EscalationParser(YamlConfigReader r) {
        this.r = r;
    }

    /** One entry of {@code escalation_policies}; null where it is unusable (the problem is reported). */
    public EscalationPolicy policy(Node node, String path, Map<String, OnCallSchedule> schedules) {
        MappingNode m = r.mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, POLICY_KEYS, true);
        String name = f.containsKey("name") ? r.string(f.get("name"), path + ".name") : null;
        if (name == null || name.isEmpty()) {
            r.error(m, path, "missing name in escalation policy");
            return null;
        }
        List<EscalationPolicy.Step> steps = new ArrayList<>();
        SequenceNode seq = f.containsKey("steps") ? r.sequence(f.get("steps"), path + ".steps") : null;
        if (seq == null || seq.getValue().isEmpty()) {
            r.error(m, path, "escalation policy " + AlertmanagerStrings.quote(name) + " has no steps");
            return null;
        }
        Duration previous = Duration.ZERO;
        for (int i = 0; i < seq.getValue().size(); i++) {
            String p = path + ".steps[" + i + "]";
            MappingNode sm = r.mapping(seq.getValue().get(i), p);
            if (sm == null) {
                continue;
            }
            Map<String, Node> sf = r.fields(sm, p, STEP_KEYS, true);
            Duration after = sf.containsKey("after") ? r.duration(sf.get("after"), p + ".after") : Duration.ZERO;
            if (after == null) {
                continue;
            }
            if (after.compareTo(previous) < 0) {
                r.error(sf.get("after"), p + ".after", "steps must be in order: after is shorter than the step before");
            }
            previous = after;
            String receiver = sf.containsKey("receiver") ? r.string(sf.get("receiver"), p + ".receiver") : null;
            String schedule = sf.containsKey("schedule") ? r.string(sf.get("schedule"), p + ".schedule") : null;
            if ((receiver == null) == (schedule == null)) {
                r.error(sm, p, "a step names exactly one of receiver and schedule");
                continue;
            }
            if (receiver != null) {
                r.receiverRefs().putIfAbsent(receiver, sf.get("receiver"));
            }
            if (schedule != null && !schedules.containsKey(schedule)) {
                r.error(
                        sf.get("schedule"),
                        p + ".schedule",
                        "undefined schedule " + AlertmanagerStrings.quote(schedule));
            }
            steps.add(new EscalationPolicy.Step(after, receiver, schedule));
        }
        int repeat = 0;
        if (f.containsKey("repeat")) {
            Object value = YamlConfigReader.plain(f.get("repeat"));
            if (value instanceof Integer n && n >= 0) {
                repeat = n;
            } else {
                r.error(f.get("repeat"), path + ".repeat", "repeat must be a non-negative integer");
            }
        }
        Duration repeatAfter = r.durationOr(f, "repeat_after", path, Duration.ofMinutes(30));
        return new EscalationPolicy(name, steps, repeat, repeatAfter);
    }

    /** One entry of {@code oncall_schedules}; null where it is unusable (the problem is reported). */
    public OnCallSchedule schedule(Node node, String path) {
        MappingNode m = r.mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, SCHEDULE_KEYS, true);
        String name = f.containsKey("name") ? r.string(f.get("name"), path + ".name") : null;
        if (name == null || name.isEmpty()) {
            r.error(m, path, "missing name in schedule");
            return null;
        }
        java.time.ZoneId zone = java.time.ZoneOffset.UTC;
        if (f.containsKey("timezone")) {
            String z = r.string(f.get("timezone"), path + ".timezone");
            try {
                zone = java.time.ZoneId.of(z);
            } catch (RuntimeException e) {
                r.error(f.get("timezone"), path + ".timezone", "unknown time zone " + AlertmanagerStrings.quote(z));
            }
        }
        java.time.LocalDate start = java.time.LocalDate.of(2026, 1, 1);
        if (f.containsKey("start")) {
            String v = r.string(f.get("start"), path + ".start");
            try {
                start = java.time.LocalDate.parse(v);
            } catch (RuntimeException e) {
                r.error(f.get("start"), path + ".start", "start must be a date like 2026-01-05");
            }
        }
        java.time.LocalTime handoff = java.time.LocalTime.of(9, 0);
        if (f.containsKey("handoff")) {
            String v = r.string(f.get("handoff"), path + ".handoff");
            try {
                handoff = java.time.LocalTime.parse(v);
            } catch (RuntimeException e) {
                r.error(f.get("handoff"), path + ".handoff", "handoff must be a time like 09:00");
            }
        }
        Duration rotation = r.durationOr(f, "rotation", path, Duration.ofDays(7));
        if (rotation.isZero() || rotation.isNegative()) {
            r.error(f.get("rotation"), path + ".rotation", "rotation must be positive");
            rotation = Duration.ofDays(7);
        }
        List<OnCallSchedule.Person> people = new ArrayList<>();
        SequenceNode seq = f.containsKey("people") ? r.sequence(f.get("people"), path + ".people") : null;
        for (int i = 0; seq != null && i < seq.getValue().size(); i++) {
            String p = path + ".people[" + i + "]";
            MappingNode pm = r.mapping(seq.getValue().get(i), p);
            if (pm == null) {
                continue;
            }
            Map<String, Node> pf = r.fields(pm, p, PERSON_KEYS, true);
            String person = pf.containsKey("name") ? r.string(pf.get("name"), p + ".name") : null;
            if (person == null || person.isEmpty()) {
                r.error(pm, p, "missing name of person");
                continue;
            }
            people.add(new OnCallSchedule.Person(
                    person,
                    pf.containsKey("email") ? r.string(pf.get("email"), p + ".email") : null,
                    pf.containsKey("mobile") ? String.valueOf(YamlConfigReader.plain(pf.get("mobile"))) : null,
                    pf.containsKey("user_id") ? r.string(pf.get("user_id"), p + ".user_id") : null));
        }
        if (people.isEmpty()) {
            r.error(m, path, "schedule " + AlertmanagerStrings.quote(name) + " lists no people");
        }
        String receiver = f.containsKey("receiver") ? r.string(f.get("receiver"), path + ".receiver") : null;
        if (receiver == null) {
            r.error(
                    m,
                    path,
                    "schedule " + AlertmanagerStrings.quote(name) + " names no receiver to reach people through");
        } else {
            r.receiverRefs().putIfAbsent(receiver, f.get("receiver"));
        }
        return new OnCallSchedule(name, zone, start, handoff, rotation, people, receiver);
    }
}
