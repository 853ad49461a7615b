package io.shopwatch.metrics.promql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Prometheus' PromQL test scripts (the {@code promqltest} format of {@code promql/promqltest/testdata/*.test}):
 * {@code load <step>} blocks of series in the expanding notation ({@code 0+10x100}, {@code _}, {@code stale}),
 * {@code clear}, and {@code eval instant at <time> <expr>} / {@code eval range from <t> to <t> step <d> <expr>} with
 * their expected results and {@code expect ...} lines. Each eval becomes a {@link Case} holding the data loaded before
 * it.
 */
final class PromqlTestScript {

    /** One loaded series: labels (with {@code __name__}) and its samples; values null where the script has none. */
    record LoadedSeries(SortedMap<String, String> labels, long[] times, double[] values) {}

    /** An expected series: its labels (null for a scalar) and values (one for an instant, one per step for a range). */
    record Expected(SortedMap<String, String> labels, List<Double> values) {}

    /**
     * One {@code eval}.
     *
     * @param line the line of the {@code eval} in its file (1-based)
     * @param data the series loaded when the case runs
     * @param nativeHistograms the data came from {@code load_with_nhcb} or the expected result holds native
     *     histograms
     * @param nativeMetrics the metrics loaded as native histograms ({@code {{...}}}), not in {@code data}
     * @param expects the {@code expect ...} lines and the {@code eval_*} variants ({@code fail}, {@code warn},
     *     {@code ordered}, ...)
     */
    record Case(
            String file,
            int line,
            String expr,
            boolean range,
            long startMillis,
            long endMillis,
            long stepMillis,
            List<LoadedSeries> data,
            boolean nativeHistograms,
            java.util.Set<String> nativeMetrics,
            List<String> expects,
            List<Expected> expected) {

        boolean expectsFailure() {
            return expects.stream().anyMatch(e -> e.startsWith("fail"));
        }

        boolean ordered() {
            return expects.contains("ordered");
        }

        String id() {
            return file + ":" + line;
        }
    }

    private static final Pattern INSTANT = Pattern.compile("eval(?:_(\\w+))?\\s+instant\\s+at\\s+(\\S+)\\s+(.+)");
    private static final Pattern RANGE =
            Pattern.compile("eval(?:_(\\w+))?\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.+)");
    private static final Pattern DURATION = Pattern.compile("(-?[0-9.]+)(ms|s|m|h|d|w|y)");

    private PromqlTestScript() {}

    static List<Case> parse(String file, String text) {
        String[] lines = text.split("\n", -1);
        List<Case> cases = new ArrayList<>();
        List<LoadedSeries> data = new ArrayList<>();
        boolean nativeHistograms = false;
        java.util.Set<String> nativeMetrics = new java.util.TreeSet<>();
        int i = 0;
        while (i < lines.length) {
            String line = stripComment(lines[i]);
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                i++;
                continue;
            }
            String command = line.strip();
            if (command.equals("clear")) {
                data = new ArrayList<>();
                nativeHistograms = false;
                nativeMetrics = new java.util.TreeSet<>();
                i++;
            } else if (command.startsWith("load")) {
                String[] words = command.split("\\s+");
                long step = duration(words[words.length - 1]);
                if (words[0].equals("load_with_nhcb")) {
                    nativeHistograms = true;
                }
                data = new ArrayList<>(data);
                i++;
                while (i < lines.length && isIndented(lines[i])) {
                    String body = stripComment(lines[i]).strip();
                    if (!body.isEmpty()) {
                        if (body.contains("{{")) {
                            String name = descriptor(body, new int[1]).get("__name__");
                            nativeMetrics.add(name == null ? "" : name);
                        } else {
                            data.add(loaded(body, step));
                        }
                    }
                    i++;
                }
            } else if (command.startsWith("eval")) {
                int at = i + 1;
                List<String> expects = new ArrayList<>();
                List<String> body = new ArrayList<>();
                i++;
                while (i < lines.length && isIndented(lines[i])) {
                    String b = stripComment(lines[i]).strip();
                    if (b.startsWith("expect ")) {
                        expects.add(b.substring("expect ".length()).strip());
                    } else if (!b.isEmpty()) {
                        body.add(b);
                    }
                    i++;
                }
                boolean nativeResult = body.stream().anyMatch(b -> b.contains("{{"));
                if (nativeResult) {
                    body.clear();
                }
                Matcher range = RANGE.matcher(command);
                Matcher instant = INSTANT.matcher(command);
                if (range.matches()) {
                    if (range.group(1) != null) {
                        expects.add(range.group(1));
                    }
                    long start = duration(range.group(2));
                    long end = duration(range.group(3));
                    long step = duration(range.group(4));
                    List<Expected> expected = new ArrayList<>();
                    for (String b : body) {
                        expected.add(expected(b, true));
                    }
                    cases.add(new Case(
                            file,
                            at,
                            range.group(5).strip(),
                            true,
                            start,
                            end,
                            step,
                            List.copyOf(data),
                            nativeHistograms || nativeResult,
                            java.util.Set.copyOf(nativeMetrics),
                            expects,
                            expected));
                } else if (instant.matches()) {
                    if (instant.group(1) != null) {
                        expects.add(instant.group(1));
                    }
                    long t = duration(instant.group(2));
                    List<Expected> expected = new ArrayList<>();
                    for (String b : body) {
                        expected.add(expected(b, false));
                    }
                    cases.add(new Case(
                            file,
                            at,
                            instant.group(3).strip(),
                            false,
                            t,
                            t,
                            0,
                            List.copyOf(data),
                            nativeHistograms || nativeResult,
                            java.util.Set.copyOf(nativeMetrics),
                            expects,
                            expected));
                } else {
                    throw new IllegalArgumentException(file + ":" + at + ": cannot read " + command);
                }
            } else {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": unknown command " + command);
            }
        }
        return cases;
    }

    private static boolean isIndented(String line) {
        return line.isEmpty() ? false : Character.isWhitespace(line.charAt(0)) || line.startsWith("#");
    }

    private static String stripComment(String line) {
        return line.stripLeading().startsWith("#") ? "" : line;
    }

    /** {@code 5m}, {@code 10s53ms}, {@code 0}, {@code 1h30m}; plain numbers are seconds. */
    static long duration(String text) {
        String t = text.strip();
        if (t.matches("-?[0-9.]+")) {
            return Math.round(Double.parseDouble(t) * 1000);
        }
        Matcher m = DURATION.matcher(t);
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalArgumentException("bad duration " + text);
            }
            double n = Double.parseDouble(m.group(1));
            long unit =
                    switch (m.group(2)) {
                        case "ms" -> 1;
                        case "s" -> 1000;
                        case "m" -> 60_000;
                        case "h" -> 3_600_000;
                        case "d" -> 86_400_000;
                        case "w" -> 7 * 86_400_000L;
                        default -> 365 * 86_400_000L;
                    };
            total += Math.round(n * unit);
            end = m.end();
        }
        if (end != t.length()) {
            throw new IllegalArgumentException("bad duration " + text);
        }
        return total;
    }

    private static LoadedSeries loaded(String line, long step) {
        int[] end = new int[1];
        SortedMap<String, String> labels = descriptor(line, end);
        List<Double> values = values(line.substring(end[0]), false);
        List<Long> times = new ArrayList<>();
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                times.add(i * step);
                kept.add(values.get(i));
            }
        }
        long[] ts = new long[times.size()];
        double[] vs = new double[times.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = times.get(i);
            vs[i] = kept.get(i);
        }
        return new LoadedSeries(labels, ts, vs);
    }

    private static Expected expected(String line, boolean range) {
        String first = line.split("\\s+")[0];
        if (!line.contains("{") && line.split("\\s+").length == 1 && isNumber(first)) {
            return new Expected(null, List.of(number(first)));
        }
        int[] end = new int[1];
        SortedMap<String, String> labels = descriptor(line, end);
        List<Double> values = values(line.substring(end[0]), range);
        return new Expected(labels, values);
    }

    /** {@code name{a="b",...}}, {@code {a="b"}} or {@code name}: the labels, and where the descriptor ends. */
    private static SortedMap<String, String> descriptor(String line, int[] end) {
        SortedMap<String, String> labels = new TreeMap<>();
        int i = 0;
        int n = line.length();
        StringBuilder name = new StringBuilder();
        while (i < n && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            name.append(line.charAt(i++));
        }
        if (!name.isEmpty()) {
            labels.put("__name__", name.toString());
        }
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < n && (Character.isWhitespace(line.charAt(i)) || line.charAt(i) == ',')) {
                    i++;
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                String label;
                if (line.charAt(i) == '"') {
                    int[] after = new int[1];
                    label = quoted(line, i, after);
                    i = after[0];
                } else {
                    int s = i;
                    while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_')) {
                        i++;
                    }
                    label = line.substring(s, i);
                }
                while (i < n && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (line.charAt(i) != '=') { // {"metric.name"}: a quoted metric name
                    labels.put("__name__", label);
                    continue;
                }
                i++;
                while (i < n && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                int[] after = new int[1];
                String value = quoted(line, i, after);
                i = after[0];
                labels.put(label, value);
            }
        }
        end[0] = i;
        return labels;
    }

    private static String quoted(String line, int start, int[] end) {
        char quote = line.charAt(start);
        StringBuilder out = new StringBuilder();
        int i = start + 1;
        while (line.charAt(i) != quote) {
            char c = line.charAt(i++);
            if (c == '\\') {
                char e = line.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'x' -> {
                        out.append((char) Integer.parseInt(line.substring(i, i + 2), 16));
                        i += 2;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        end[0] = i + 1;
        return out.toString();
    }

    /** The expanding notation: {@code 1 2 _ stale 0+10x3 5-1x2 3x2 _x4}. Null where a value is missing. */
    static List<Double> values(String text, boolean allowMissing) {
        List<Double> out = new ArrayList<>();
        for (String token : text.strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals("_")) {
                out.add(null);
                continue;
            }
            if (token.equals("stale")) {
                out.add(io.shopwatch.metrics.sample.SpecialValues.STALE_NAN);
                continue;
            }
            int x = token.lastIndexOf('x');
            if (x > 0 && !token.toLowerCase(Locale.ROOT).startsWith("0x")) {
                long times = Long.parseLong(token.substring(x + 1));
                String head = token.substring(0, x);
                if (head.equals("_")) {
                    for (long k = 0; k <= times; k++) {
                        out.add(null);
                    }
                    continue;
                }
                int op = Math.max(head.lastIndexOf('+'), head.lastIndexOf('-'));
                double start;
                double delta;
                if (op > 0 && Character.toLowerCase(head.charAt(op - 1)) != 'e') {
                    start = number(head.substring(0, op));
                    delta = number(head.substring(op + 1)) * (head.charAt(op) == '-' ? -1 : 1);
                } else {
                    start = number(head);
                    delta = 0;
                    // "3x2": the value three times, as Prometheus' "a x n" with no increment
                }
                double value = start;
                for (long k = 0; k <= times; k++) {
                    out.add(value);
                    value += delta;
                }
                continue;
            }
            out.add(number(token));
        }
        return out;
    }

    static boolean isNumber(String text) {
        try {
            number(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static double number(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {}
        }
        if (lower.startsWith("0x") || lower.startsWith("-0x")) {
            return Long.decode(t);
        }
        if (!t.matches("[-+]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            throw new NumberFormatException(text);
        }
        return Double.parseDouble(t.replace("_", ""));
    }

    /** For messages. */
    static Map<String, Object> describe(Case c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", c.id());
        out.put("expr", c.expr());
        return out;
    }
}
