package io.shopwatch.metrics.derived;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one stored behaviour event adds to the e-commerce counters. Events are read as the pipeline stored them (the
 * properties flattened to {@code properties_<name>}; nested {@code properties} and top-level fields are read too):
 *
 * <ul>
 *   <li>{@code order_placed}: {@code shop_orders_total{channel,payment_method}} + 1, and
 *       {@code shop_gmv_total{currency,channel}} + {@code amount} (when the event has a numeric amount ≥ 0), and per
 *       product of its {@code items} (the pipeline stores them as one JSON text; an array is read too)
 *       {@code shop_items_sold_total{product}} + the product's quantities (1 for an item without one; at most
 *       {@value #MAX_ITEMS} items read);
 *   <li>{@code payment_succeeded} / {@code payment_failed}: {@code shop_payments_total{result="success"|"failure",
 *       provider}} + 1;
 *   <li>{@code refund}: {@code shop_refunds_total{currency,reason}} + 1;
 *   <li>{@code checkout_start}: {@code shop_checkouts_total{channel}} + 1 (the denominator of the conversion rate).
 * </ul>
 *
 * A label whose property is absent is left out. Other events add nothing.
 */
public final class EventCounts {

    /**
     * One counter increment.
     *
     * @param metric the counter's name
     * @param labels its labels, without {@code job}/{@code instance}
     * @param amount what is added, ≥ 0
     * @param part tells apart several increments of one metric from one event (the products of an order), empty for
     *     the only one; it goes into the sample's id, which is otherwise the same for every increment of the metric
     *     from that event
     */
    public record Increment(String metric, SortedMap<String, String> labels, double amount, String part) {

        /** The only increment of its metric in its event. */
        public Increment(String metric, SortedMap<String, String> labels, double amount) {
            this(metric, labels, amount, "");
        }
    }

    /** Line items of one order read at most, as the event schema allows. */
    static final int MAX_ITEMS = 1_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventCounts() {}

    public static List<Increment> of(JsonNode document) {
        String type = text(document, "type");
        if (type == null) {
            return List.of();
        }
        List<Increment> increments = new ArrayList<>(2);
        switch (type) {
            case "order_placed" -> {
                increments.add(new Increment("shop_orders_total", labels(document, "channel", "payment_method"), 1));
                JsonNode amount = property(document, "amount");
                double value = amount == null ? Double.NaN : number(amount);
                if (Double.isFinite(value) && value >= 0) {
                    increments.add(new Increment("shop_gmv_total", labels(document, "currency", "channel"), value));
                }
                unitsPerProduct(property(document, "items"))
                        .forEach((product, units) -> increments.add(new Increment(
                                "shop_items_sold_total", new TreeMap<>(Map.of("product", product)), units, product)));
            }
            case "payment_succeeded", "payment_failed" -> {
                TreeMap<String, String> labels = labels(document, "provider");
                labels.put("result", type.equals("payment_succeeded") ? "success" : "failure");
                increments.add(new Increment("shop_payments_total", labels, 1));
            }
            case "refund" ->
                increments.add(new Increment("shop_refunds_total", labels(document, "currency", "reason"), 1));
            case "checkout_start" ->
                increments.add(new Increment("shop_checkouts_total", labels(document, "channel"), 1));
            default -> {
                // not a counted event
            }
        }
        return increments;
    }

    /** Units per product id of an order's line items, in the order first seen; items without a product are skipped. */
    private static Map<String, Double> unitsPerProduct(JsonNode items) {
        if (items != null && items.isString()) {
            try {
                items = JSON.readTree(items.stringValue());
            } catch (RuntimeException e) {
                return Map.of();
            }
        }
        if (items == null || !items.isArray()) {
            return Map.of();
        }
        Map<String, Double> units = new LinkedHashMap<>();
        int read = 0;
        for (JsonNode item : items) {
            if (read++ == MAX_ITEMS) {
                break;
            }
            JsonNode product = item.get("product_id");
            if (product == null
                    || !product.isValueNode()
                    || product.isNull()
                    || product.asString().isEmpty()) {
                continue;
            }
            JsonNode quantity = item.get("quantity");
            double n = quantity == null ? 1 : number(quantity);
            if (Double.isFinite(n) && n > 0) {
                units.merge(product.asString(), n, Double::sum);
            }
        }
        return units;
    }

    private static TreeMap<String, String> labels(JsonNode document, String... names) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (String name : names) {
            JsonNode value = property(document, name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                String text = value.asString();
                if (!text.isEmpty()) {
                    labels.put(name, text);
                }
            }
        }
        return labels;
    }

    /** {@code properties_<name>} (as stored), else {@code properties.<name>}, else {@code <name>}. */
    static JsonNode property(JsonNode document, String name) {
        for (JsonNode candidate : new JsonNode[] {
            document.get("properties_" + name), document.path("properties").get(name), document.get(name)
        }) {
            if (candidate != null && !candidate.isNull() && !candidate.isMissingNode()) {
                return candidate;
            }
        }
        return null;
    }

    private static String text(JsonNode document, String field) {
        JsonNode node = document.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isString()) {
            try {
                return Double.parseDouble(node.stringValue());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
