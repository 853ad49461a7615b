package io.shopwatch.metrics.definition;

import java.util.List;

/**
 * The e-commerce metric pack installed in every org: the business KPIs a storefront reports, with their labels (docs:
 * docs/metrics.md, "The e-commerce KPI pack").
 */
public final class EcommercePack {

    public static final String NAME = "ecommerce";

    private static final List<Double> ORDER_VALUE_BUCKETS = List.of(10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0);
    private static final List<Double> CHECKOUT_BUCKETS = List.of(0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private EcommercePack() {}

    public static List<MetricDefinition> definitions() {
        return List.of(
                definition(
                        "shop_orders_total",
                        "counter",
                        "",
                        "Completed orders",
                        List.of("channel", "payment_method"),
                        null,
                        1_000),
                definition(
                        "shop_gmv_total",
                        "counter",
                        "",
                        "Gross merchandise value (before refunds and discounts)," + " in the currency's main unit",
                        List.of("currency", "channel"),
                        null,
                        1_000),
                definition(
                        "shop_order_value",
                        "histogram",
                        "",
                        "Value of each order, in the currency's main unit",
                        List.of("currency", "channel"),
                        ORDER_VALUE_BUCKETS,
                        1_000),
                definition(
                        "shop_payments_total",
                        "counter",
                        "",
                        "Payment attempts by result and provider",
                        List.of("result", "provider"),
                        null,
                        1_000),
                definition(
                        "shop_checkout_duration_seconds",
                        "histogram",
                        "seconds",
                        "Time from checkout start to" + " order placed",
                        List.of("channel"),
                        CHECKOUT_BUCKETS,
                        1_000),
                definition("shop_cart_items", "gauge", "", "Items in active carts", List.of("channel"), null, 100),
                definition(
                        "shop_refunds_total",
                        "counter",
                        "",
                        "Refunded orders",
                        List.of("currency", "reason"),
                        null,
                        1_000),
                definition(
                        "shop_inventory_low",
                        "gauge",
                        "",
                        "Products below their stock threshold",
                        List.of("warehouse"),
                        null,
                        1_000));
    }

    private static MetricDefinition definition(
            String name, String type, String unit, String help, List<String> labels, List<Double> buckets, int series) {
        return new MetricDefinition(name, type, unit, help, labels, buckets, series, null, null, null);
    }
}
