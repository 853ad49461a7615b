package io.shopwatch.store.ingest;

import io.shopwatch.store.error.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenObserve's metrics JSON ({@code POST /api/{org}/ingest/metrics/_json}): an array of samples, each with
 * {@code __name__} (the metric, which names the stream), a numeric {@code value}, optional {@code __type__} and
 * {@code _timestamp}; every other key is a label, stored as a string. Each sample becomes a row with its labels,
 * {@code __name__}, {@code value}, {@code _timestamp} and {@code __hash__} (the series' signature).
 */
public final class MetricSamples {

    /** OpenObserve's {@code VALID_METRICS_TYPES}; another {@code __type__} fails the whole request. */
    static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary");

    private MetricSamples() {}

    /**
     * Rows per metric name (not yet normalised), in the order the metrics first appear.
     *
     * @throws StoreException 400 when a sample has no {@code __name__}, no numeric {@code value} or a non-numeric
     *     {@code _timestamp}, as OpenObserve refuses the whole request then
     */
    public static Map<String, List<JsonNode>> byMetric(JsonNode samples) {
        return byMetric(samples, name -> name);
    }

    /**
     * Rows per stream: {@code streamName} turns a sample's {@code __name__} into its stream, and the row's
     * {@code __name__} is set to that stream, as OpenObserve does so that {@code {__name__="..."}} selectors match.
     */
    public static Map<String, List<JsonNode>> byMetric(JsonNode samples, UnaryOperator<String> streamName) {
        List<JsonNode> items = new ArrayList<>();
        if (samples.isArray()) {
            samples.forEach(items::add);
        } else if (samples.isObject()) {
            items.add(samples);
        } else {
            throw StoreException.badRequest("Invalid json: expected an array of samples");
        }
        Map<String, List<JsonNode>> byName = new LinkedHashMap<>();
        for (JsonNode sample : items) {
            JsonNode name = sample.path("__name__");
            if (!name.isString() || name.asString().isEmpty()) {
                throw StoreException.badRequest("missing __name__");
            }
            JsonNode value = sample.path("value");
            if (!value.isNumber()) {
                throw StoreException.badRequest("missing value");
            }
            JsonNode type = sample.path("__type__");
            if (!type.isMissingNode()
                    && !type.isNull()
                    && !(type.isString() && TYPES.contains(type.asString().toLowerCase(Locale.ROOT)))) {
                throw StoreException.badRequest("invalid metrics type, need to be one of: " + String.join(", ", TYPES));
            }
            JsonNode ts = sample.path("_timestamp");
            if (!ts.isMissingNode() && !ts.isNull() && !ts.isNumber()) {
                throw StoreException.badRequest("_timestamp must be a number");
            }
            String stream = streamName.apply(name.asString());
            TreeMap<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : sample.properties()) {
                String k = e.getKey();
                if (k.equals("__type__")
                        || k.equals("value")
                        || k.equals("_timestamp")
                        || e.getValue().isNull()) {
                    continue;
                }
                labels.put(
                        k,
                        e.getValue().isString()
                                ? e.getValue().asString()
                                : e.getValue().toString());
            }
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            labels.put("__name__", stream);
            labels.forEach(row::put);
            row.put("value", value.doubleValue());
            if (ts.isNumber()) {
                row.set("_timestamp", ts);
            }
            row.put("__hash__", Long.toUnsignedString(signature(labels)));
            byName.computeIfAbsent(stream, k -> new ArrayList<>()).add(row);
        }
        return byName;
    }

    /** FNV-1a over the sorted labels: equal label sets, equal signature. */
    static long signature(TreeMap<String, String> labels) {
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            for (String part : new String[] {e.getKey(), "\u0000", e.getValue(), "\u0001"}) {
                for (int i = 0; i < part.length(); i++) {
                    hash ^= part.charAt(i);
                    hash *= 0x100000001b3L;
                }
            }
        }
        return hash;
    }
}
