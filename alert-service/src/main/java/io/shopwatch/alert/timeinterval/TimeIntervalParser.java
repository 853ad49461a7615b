package io.shopwatch.alert.timeinterval;

import io.shopwatch.alert.core.AlertmanagerStrings;
import io.shopwatch.alert.yaml.YamlConfigReader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code time_intervals} (and the older {@code mute_time_intervals}) of a configuration. */
public final class TimeIntervalParser {

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

    private final YamlConfigReader r;

    public TimeIntervalParser(YamlConfigReader r) {
        this.r = r;
    }

    /** Reads a {@code time_intervals} (or {@code mute_time_intervals}) list into {@code out} (name → intervals). */
    public void timeIntervals(Node node, String path, Map<String, List<TimeInterval>> out) {
        SequenceNode seq = r.sequence(node, path);
        if (seq == null) {
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String p = path + "[" + i + "]";
            MappingNode m = r.mapping(seq.getValue().get(i), p);
            if (m == null) {
                continue;
            }
            Map<String, Node> f = r.fields(m, p, Set.of("name", "time_intervals"), true);
            String name = f.containsKey("name") ? r.string(f.get("name"), p + ".name") : null;
            if (name == null || name.isEmpty()) {
                r.error(m, p, "missing name in time interval");
                continue;
            }
            if (out.containsKey(name)) {
                r.error(
                        f.get("name"),
                        p + ".name",
                        "time interval " + AlertmanagerStrings.quote(name) + " is not unique");
                continue;
            }
            List<TimeInterval> list = new ArrayList<>();
            if (f.containsKey("time_intervals")) {
                SequenceNode items = r.sequence(f.get("time_intervals"), p + ".time_intervals");
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
        MappingNode m = r.mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, INTERVAL_KEYS, true);
        List<TimeInterval.Range> times = null;
        if (f.containsKey("times")) {
            times = new ArrayList<>();
            SequenceNode seq = r.sequence(f.get("times"), path + ".times");
            if (seq != null) {
                for (Node t : seq.getValue()) {
                    MappingNode tm = r.mapping(t, path + ".times");
                    if (tm == null) {
                        continue;
                    }
                    Map<String, Node> tf = r.fields(tm, path + ".times", Set.of("start_time", "end_time"), true);
                    Integer start = tf.containsKey("start_time")
                            ? clock(tf.get("start_time"), path + ".times.start_time")
                            : null;
                    Integer end =
                            tf.containsKey("end_time") ? clock(tf.get("end_time"), path + ".times.end_time") : null;
                    if (start == null || end == null) {
                        if (!tf.containsKey("start_time") || !tf.containsKey("end_time")) {
                            r.error(tm, path + ".times", "both start and end times must be provided");
                        }
                        continue;
                    }
                    if (start >= end) {
                        r.error(tm, path + ".times", "start time cannot be equal or greater than end time");
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
            String loc = r.string(f.get("location"), path + ".location");
            if (loc != null) {
                try {
                    location = loc.equalsIgnoreCase("local") ? ZoneId.systemDefault() : ZoneId.of(loc);
                } catch (DateTimeException e) {
                    r.error(
                            f.get("location"),
                            path + ".location",
                            "unknown time zone " + AlertmanagerStrings.quote(loc));
                }
            }
        }
        return new TimeInterval(times, weekdays, days, months, years, location);
    }

    private Integer clock(Node node, String path) {
        String s = r.string(node, path);
        if (s == null) {
            return null;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^(\\d{1,2}):(\\d{2})$").matcher(s);
        if (!m.matches()) {
            r.error(node, path, "couldn't parse timestamp " + s + ", invalid format");
            return null;
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        if (h > 24 || min > 59 || (h == 24 && min != 0)) {
            r.error(node, path, "timestamp " + s + " out of range");
            return null;
        }
        return h * 60 + min;
    }

    private List<TimeInterval.Range> ranges(
            Node node, String path, List<String> names, int min, int max, boolean negatives) {
        List<TimeInterval.Range> out = new ArrayList<>();
        SequenceNode seq = r.sequence(node, path);
        if (seq == null) {
            return out;
        }
        for (Node item : seq.getValue()) {
            String s = r.string(item, path);
            if (s == null) {
                continue;
            }
            String[] parts = s.split(":", -1);
            if (parts.length > 2) {
                r.error(item, path, "invalid range " + AlertmanagerStrings.quote(s));
                continue;
            }
            Integer begin = rangeValue(parts[0], names, item, path);
            Integer end = parts.length == 2 ? rangeValue(parts[1], names, item, path) : begin;
            if (begin == null || end == null) {
                continue;
            }
            if (begin < min || begin > max || end < min || end > max || (negatives && (begin == 0 || end == 0))) {
                r.error(item, path, "range " + AlertmanagerStrings.quote(s) + " is out of bounds");
                continue;
            }
            boolean sameSign = (begin < 0) == (end < 0);
            if (sameSign && begin > end) {
                r.error(item, path, "start of range " + AlertmanagerStrings.quote(s) + " is after its end");
                continue;
            }
            if (negatives && begin < 0 && end > 0) {
                r.error(
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
            r.error(node, path, "invalid value " + AlertmanagerStrings.quote(text));
            return null;
        }
    }
}
