package io.shopwatch.dashboard.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts variable values into a panel query as OpenObserve's UI does before it calls {@code _search}
 * ({@code usePanelVariableSubstitution}): {@code $name}, {@code ${name}} and {@code {{name}}}, with the formats
 * {@code :csv}, {@code :pipe}, {@code :singlequote} and {@code :doublequote}.
 *
 * <ul>
 *   <li>A single value goes in as it is (the query quotes it: {@code service = '$service'}); no value is {@value
 *       #ALL}.
 *   <li>A multi-value variable goes into SQL as {@code 'a','b'} (for {@code IN ($name)}) and into PromQL as
 *       {@code a|b}; an empty selection is {@value #ALL}.
 *   <li>Single quotes inside values are doubled in SQL, so that a value cannot end the string it is put in.
 * </ul>
 */
public final class VariableSubstitution {

    /** OpenObserve's "all values" placeholder ({@code ZO_DASHBOARD_PLACEHOLDER}). */
    public static final String ALL = "_o2_all_";

    private static final Pattern FORMAT = Pattern.compile(":(csv|pipe|singlequote|doublequote)");

    private VariableSubstitution() {}

    /** A variable's value: one value, or several (multi-select). */
    public record Value(List<String> values, boolean multi) {

        public static Value single(String value) {
            List<String> values = new ArrayList<>();
            values.add(value);
            return new Value(values, false);
        }

        public static Value multi(List<String> values) {
            return new Value(List.copyOf(values), true);
        }
    }

    /**
     * The query with every variable of {@code values} put in; built-ins ({@code __interval} ...) are plain single
     * values here.
     */
    public static String apply(String query, Map<String, Value> values, boolean sql) {
        String out = query;
        // longest names first, so that $region does not eat into $region_code
        List<String> names = new ArrayList<>(values.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String name : names) {
            out = replace(out, name, values.get(name), sql);
        }
        return out;
    }

    private static String replace(String query, String name, Value value, boolean sql) {
        String quoted = Pattern.quote(name);
        Pattern placeholder = Pattern.compile("\\{\\{\\s*" + quoted + "\\s*(:\\w+)?\\s*}}|\\$\\{\\s*" + quoted
                + "\\s*(:\\w+)?\\s*}|\\$" + quoted + "(?![A-Za-z0-9_])");
        Matcher m = placeholder.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String format = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(render(value, format, sql)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String render(Value value, String format, boolean sql) {
        List<String> values = new ArrayList<>();
        for (String v : value.values()) {
            if (v != null) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            values.add(ALL);
        }
        String kind = format == null ? "" : format.substring(1);
        if (!kind.isEmpty() && !FORMAT.matcher(format).matches()) {
            kind = "";
        }
        switch (kind) {
            case "csv":
                return String.join(",", values);
            case "pipe":
                return String.join("|", values);
            case "doublequote":
                return String.join(
                        ",", values.stream().map(v -> "\"" + v + "\"").toList());
            case "singlequote":
                return quoted(values);
            default:
                if (!value.multi()) {
                    return sql ? escape(values.get(0)) : values.get(0);
                }
                return sql ? quoted(values) : String.join("|", values);
        }
    }

    private static String quoted(List<String> values) {
        return String.join(",", values.stream().map(v -> "'" + escape(v) + "'").toList());
    }

    private static String escape(String value) {
        return value.replace("'", "''");
    }

    /** Values by name, keeping order: a helper for callers that build the map. */
    public static Map<String, Value> values() {
        return new LinkedHashMap<>();
    }
}
