package io.shopwatch.metrics.exposition;

import io.shopwatch.metrics.definition.MetricDefinition;
import io.shopwatch.metrics.promql.Evaluator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes samples in the Prometheus text format 0.0.4: per metric family {@code # HELP} and {@code # TYPE}, then its
 * samples; a histogram family {@code x} gathers the streams {@code x_bucket} (ordered by {@code le}), {@code x_sum}
 * and {@code x_count}. The type and help come from the org's definitions; without one, a name ending in
 * {@code _total} is a counter, a family with a {@code _bucket} stream a histogram, anything else a gauge.
 */
public final class TextFormat {

    private static final String[] HISTOGRAM_SUFFIXES = {"_bucket", "_sum", "_count"};

    private TextFormat() {}

    /** @param samplesByStream the latest samples of each metric stream, by stream name */
    public static String write(
            Map<String, List<Evaluator.VectorSample>> samplesByStream, Map<String, MetricDefinition> definitions) {
        return write(samplesByStream, definitions, false);
    }

    /**
     * The text format 0.0.4, or OpenMetrics 1.0 when {@code openMetrics}: then a counter family is named without its
     * {@code _total} (a counter stream without it is declared {@code unknown}), a definition's unit gives a
     * {@code # UNIT} line, and the exposition ends with {@code # EOF}.
     */
    public static String write(
            Map<String, List<Evaluator.VectorSample>> samplesByStream,
            Map<String, MetricDefinition> definitions,
            boolean openMetrics) {
        Map<String, List<String>> families = new TreeMap<>(); // family -> its streams
        for (String stream : samplesByStream.keySet()) {
            families.computeIfAbsent(family(stream, samplesByStream, definitions), f -> new ArrayList<>())
                    .add(stream);
        }
        StringBuilder out = new StringBuilder();
        families.forEach((family, streams) -> {
            MetricDefinition definition = definitions.get(family);
            boolean histogram = streams.stream().anyMatch(s -> !s.equals(family));
            String type = histogram
                    ? "histogram"
                    : definition != null ? definition.type() : family.endsWith("_total") ? "counter" : "gauge";
            String help =
                    definition != null && !definition.help().isEmpty() ? definition.help() : family.replace('_', ' ');
            String declared = family;
            if (openMetrics && type.equals("counter")) {
                if (family.endsWith("_total")) {
                    declared = family.substring(0, family.length() - "_total".length());
                } else {
                    type = "unknown";
                }
            }
            out.append("# HELP ")
                    .append(declared)
                    .append(' ')
                    .append(escapeHelp(help))
                    .append('\n');
            out.append("# TYPE ").append(declared).append(' ').append(type).append('\n');
            if (openMetrics && definition != null && !definition.unit().isEmpty()) {
                out.append("# UNIT ")
                        .append(declared)
                        .append(' ')
                        .append(definition.unit())
                        .append('\n');
            }
            List<String> ordered = new ArrayList<>();
            for (String suffix : histogram ? HISTOGRAM_SUFFIXES : new String[] {""}) {
                if (streams.contains(family + suffix)) {
                    ordered.add(family + suffix);
                }
            }
            for (String stream : ordered) {
                List<Evaluator.VectorSample> samples = new ArrayList<>(samplesByStream.get(stream));
                samples.sort(Comparator.comparing((Evaluator.VectorSample s) ->
                                withoutLe(s.labels()).toString())
                        .thenComparingDouble(s -> le(s.labels())));
                for (Evaluator.VectorSample sample : samples) {
                    out.append(stream);
                    writeLabels(out, sample.labels());
                    out.append(' ').append(value(sample.value())).append('\n');
                }
            }
        });
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    private static String family(String stream, Map<String, ?> streams, Map<String, MetricDefinition> definitions) {
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (stream.endsWith(suffix)) {
                String base = stream.substring(0, stream.length() - suffix.length());
                MetricDefinition definition = definitions.get(base);
                if ((definition != null && definition.type().equals("histogram"))
                        || streams.containsKey(base + "_bucket")) {
                    return base;
                }
            }
        }
        return stream;
    }

    private static SortedMap<String, String> withoutLe(SortedMap<String, String> labels) {
        SortedMap<String, String> copy = new TreeMap<>(labels);
        copy.remove("le");
        return copy;
    }

    private static double le(SortedMap<String, String> labels) {
        String le = labels.get("le");
        if (le == null) {
            return 0;
        }
        if (le.equals("+Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(le);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void writeLabels(StringBuilder out, SortedMap<String, String> labels) {
        Map<String, String> shown = new LinkedHashMap<>(labels);
        shown.remove("__name__");
        if (shown.isEmpty()) {
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : shown.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(label.getKey())
                    .append("=\"")
                    .append(escapeValue(label.getValue()))
                    .append('"');
        }
        out.append('}');
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escapeValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
