package io.shopwatch.alert.notify.template;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The variables a template sees: plain maps, lists, strings, numbers and booleans only, so that a template can read
 * data and call nothing. Every variable is listed in {@code docs/alert-templates.md}.
 */
final class TemplateData {

    static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TemplateData() {}

    /**
     * The variables for one notification.
     *
     * @param language {@code zh} or {@code en}, for durations
     * @param zone the zone local times are written in
     * @param now the time durations of firing alerts are measured to
     */
    static Map<String, Object> of(Notification n, String language, ZoneId zone, Instant now) {
        Map<String, Object> d = new LinkedHashMap<>();
        boolean firing = n.firing();
        d.put("status", n.status());
        d.put("firing", firing);
        d.put("resolved", !firing);
        d.put("receiver", nz(n.receiver()));
        d.put("org", nz(n.org()));
        d.put("groupKey", nz(n.groupKey()));
        d.put("reason", n.reason() == null ? "" : n.reason().text());
        d.put("externalURL", nz(n.externalURL()));
        d.put("language", language);
        d.put("timezone", zone.getId());
        d.put("now", local(now, zone));

        Map<String, String> groupLabels =
                n.groupLabels() == null ? Map.of() : n.groupLabels().asMap();
        Map<String, String> commonLabels =
                n.commonLabels() == null ? Map.of() : n.commonLabels().asMap();
        Map<String, String> commonAnnotations = n.commonAnnotations() == null ? Map.of() : n.commonAnnotations();
        d.put("groupLabels", sorted(groupLabels));
        d.put("groupLabelsList", pairs(groupLabels));
        d.put("commonLabels", sorted(commonLabels));
        d.put("commonLabelsList", pairs(commonLabels));
        d.put("commonAnnotations", sorted(commonAnnotations));
        d.put("commonAnnotationsList", pairs(commonAnnotations));
        d.put("groupLabelValues", String.join(" ", sorted(groupLabels).values()));
        Map<String, String> others = sorted(commonLabels);
        others.keySet().removeAll(groupLabels.keySet());
        d.put("otherCommonLabelValues", String.join(" ", others.values()));

        List<Map<String, Object>> alerts = new ArrayList<>();
        List<Map<String, Object>> firingAlerts = new ArrayList<>();
        List<Map<String, Object>> resolvedAlerts = new ArrayList<>();
        for (Alert a : n.alerts()) {
            Map<String, Object> am = alert(a, commonAnnotations, language, zone, now);
            alerts.add(am);
            (Boolean.TRUE.equals(am.get("firing")) ? firingAlerts : resolvedAlerts).add(am);
        }
        d.put("alerts", alerts);
        d.put("firingAlerts", firingAlerts);
        d.put("resolvedAlerts", resolvedAlerts);
        d.put("alertCount", alerts.size());
        d.put("firingCount", firingAlerts.size());
        d.put("resolvedCount", resolvedAlerts.size());
        d.put("truncatedAlerts", n.truncatedAlerts());

        Map<String, String> firstAnnotations =
                n.alerts().isEmpty() ? Map.of() : n.alerts().get(0).annotations();
        d.put("severity", nz(commonLabels.get("severity")));
        d.put("summary", annotation("summary", commonAnnotations, firstAnnotations));
        d.put("description", annotation("description", commonAnnotations, firstAnnotations));

        NotificationExtras x = n.extras();
        d.put("groupId", nz(x.groupId()));
        d.put("groupUrl", nz(x.groupUrl()));
        d.put("logSearchUrl", nz(x.logSearchUrl()));
        d.put("ackUrl", nz(x.ackUrl()));
        if (x.ack() != null) {
            Map<String, Object> ack = new LinkedHashMap<>();
            ack.put("by", nz(x.ack().by()));
            ack.put("at", local(x.ack().at(), zone));
            ack.put("comment", nz(x.ack().comment()));
            ack.put("expiresAt", local(x.ack().expiresAt(), zone));
            d.put("ack", ack);
        }
        if (x.onCall() != null) {
            Map<String, Object> onCall = new LinkedHashMap<>();
            onCall.put("schedule", nz(x.onCall().schedule()));
            onCall.put("name", nz(x.onCall().name()));
            onCall.put("email", nz(x.onCall().email()));
            onCall.put("mobile", nz(x.onCall().mobile()));
            d.put("onCall", onCall);
        }
        if (x.escalation() != null) {
            Map<String, Object> escalation = new LinkedHashMap<>();
            escalation.put("policy", nz(x.escalation().policy()));
            escalation.put("step", x.escalation().step());
            escalation.put("steps", x.escalation().steps());
            d.put("escalation", escalation);
        }
        return d;
    }

    private static Map<String, Object> alert(
            Alert a, Map<String, String> commonAnnotations, String language, ZoneId zone, Instant now) {
        boolean firing = a.endsAt() == null || a.endsAt().isAfter(now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", firing ? "firing" : "resolved");
        m.put("firing", firing);
        m.put("resolved", !firing);
        m.put("labels", sorted(a.labels().asMap()));
        m.put("labelsList", pairs(a.labels().asMap()));
        m.put("annotations", sorted(a.annotations()));
        m.put("annotationsList", pairs(a.annotations()));
        m.put("startsAt", a.startsAt() == null ? "" : a.startsAt().toString());
        m.put("endsAt", firing || a.endsAt() == null ? "" : a.endsAt().toString());
        m.put("startsAtLocal", local(a.startsAt(), zone));
        m.put("endsAtLocal", firing ? "" : local(a.endsAt(), zone));
        Instant end = firing ? now : a.endsAt();
        m.put("duration", a.startsAt() == null ? "" : humanDuration(Duration.between(a.startsAt(), end), language));
        m.put("generatorURL", nz(a.generatorURL()));
        // what this alert says beyond the group: its summary and description unless all alerts share them
        m.put("summary", own("summary", a.annotations(), commonAnnotations));
        m.put("description", own("description", a.annotations(), commonAnnotations));
        m.put("fingerprint", a.labels().fingerprintHex());
        return m;
    }

    /** A duration in its two largest units: {@code 1h 5m}, {@code 1小时5分钟}; under a second is {@code 0s}. */
    static String humanDuration(Duration d, String language) {
        long seconds = Math.max(0, d.getSeconds());
        long[] values = {seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60, seconds % 60};
        boolean zh = "zh".equals(language);
        String[] units = zh ? new String[] {"天", "小时", "分钟", "秒"} : new String[] {"d", "h", "m", "s"};
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < values.length && shown < 2; i++) {
            if (values[i] == 0 && shown == 0) {
                continue;
            }
            if (values[i] != 0) {
                if (!zh && out.length() > 0) {
                    out.append(' ');
                }
                out.append(values[i]).append(units[i]);
            }
            shown++;
        }
        return out.length() == 0 ? (zh ? "0秒" : "0s") : out.toString();
    }

    static String local(Instant t, ZoneId zone) {
        return t == null ? "" : LOCAL_TIME.format(t.atZone(zone));
    }

    private static String annotation(String name, Map<String, String> common, Map<String, String> first) {
        String value = common.get(name);
        return value != null ? value : nz(first.get(name));
    }

    private static String own(String name, Map<String, String> annotations, Map<String, String> common) {
        String value = annotations.get(name);
        return value == null || value.equals(common.get(name)) ? "" : value;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return new TreeMap<>(map);
    }

    private static List<Map<String, String>> pairs(Map<String, String> map) {
        List<Map<String, String>> out = new ArrayList<>();
        new TreeMap<>(map).forEach((name, value) -> out.add(Map.of("name", name, "value", value)));
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
