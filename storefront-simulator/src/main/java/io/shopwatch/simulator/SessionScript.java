package io.shopwatch.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plans one shopper's visit as a list of steps: what the shopper does (behaviour events) and what the storefront's
 * services log while serving it, with the think time before each step. Pure: the same seed gives the same visit.
 *
 * <p>The funnel: everyone lands on a page; most browse (search or category lists, product pages); some put products
 * in the cart (a few take one out again); some of those check out (address, shipping, payment method, sometimes a
 * coupon), place the order and pay. Payments fail now and then (declined, insufficient funds, provider timeouts);
 * half of the failed shoppers try again, the others' orders are cancelled. A few paid orders are refunded.
 */
final class SessionScript {

    /** One event the shopper causes. */
    record EventSpec(String type, Map<String, Object> properties) {}

    /** One log line a storefront service writes while serving a step. */
    record LogSpec(String level, String service, String message, Map<String, Object> attributes) {}

    /**
     * One step of the visit.
     *
     * @param think how long the shopper waits before it
     * @param traceId the trace of the storefront request behind it (shared by its logs)
     */
    record Step(Duration think, String traceId, List<EventSpec> events, List<LogSpec> logs) {}

    /** Chances that shape the funnel; {@code invalid} is the share of events made invalid on purpose. */
    record Funnel(double addToCart, double checkout, double paymentFailure, double invalid) {
        static final Funnel DEFAULT = new Funnel(0.45, 0.6, 0.12, 0.0);
    }

    private static final String[] FAILURE_REASONS = {
        "declined", "declined", "insufficient_funds", "expired_card", "timeout", "provider_error", "fraud_suspected"
    };
    private static final String[] PAYMENT_METHODS = {"card", "card", "card", "paypal", "klarna", "apple_pay"};

    private final Random random;
    private final Funnel funnel;
    private final List<Step> steps = new ArrayList<>();
    private final String cartId;
    private final Map<String, Integer> cart = new LinkedHashMap<>();

    private SessionScript(Random random, Funnel funnel) {
        this.random = random;
        this.funnel = funnel;
        this.cartId = "cart-" + hex(12);
    }

    /** The steps of one visit. */
    static List<Step> plan(Random random, Funnel funnel) {
        SessionScript script = new SessionScript(random, funnel);
        script.visit();
        return List.copyOf(script.steps);
    }

    private void visit() {
        landing();
        if (random.nextDouble() < 0.25) {
            step(
                    2,
                    List.of(event("login", "method", chance(0.8) ? "password" : "social", "success", true)),
                    List.of(log("INFO", "auth-service", "shopper signed in", "method", "password")));
        }
        int browsing = 1 + random.nextInt(3);
        for (int i = 0; i < browsing; i++) {
            if (chance(0.5)) {
                search();
            } else {
                categoryList();
            }
            int views = 1 + random.nextInt(3);
            for (int v = 0; v < views; v++) {
                productView(Catalog.any(random));
            }
        }
        if (!chance(funnel.addToCart())) {
            return;
        }
        int products = 1 + random.nextInt(3);
        for (int i = 0; i < products; i++) {
            addToCart(Catalog.any(random));
        }
        if (cart.size() > 1 && chance(0.1)) {
            removeFromCart(cart.keySet().iterator().next());
        }
        if (chance(0.8)) {
            step(
                    3,
                    List.of(event(
                            "cart_view",
                            "cart_id",
                            cartId,
                            "items_count",
                            itemsCount(),
                            "value",
                            cartValue(),
                            "currency",
                            Catalog.CURRENCY)),
                    List.of());
        }
        if (cart.isEmpty() || !chance(funnel.checkout())) {
            return;
        }
        checkout();
    }

    private void landing() {
        String[] sources = {"google", "newsletter", "instagram", "direct", "direct"};
        String source = sources[random.nextInt(sources.length)];
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("url", "/");
        props.put("page_type", "home");
        props.put("title", "ShopWatch Demo Store");
        if (!source.equals("direct")) {
            props.put("utm_source", source);
        }
        step(
                0,
                List.of(new EventSpec("page_view", props)),
                List.of(log(
                        "INFO", "storefront-web", "GET / 200", "http_status", 200, "duration_ms", latency(40, 15))));
    }

    private void search() {
        String query = Catalog.QUERIES.get(random.nextInt(Catalog.QUERIES.size()));
        int results = random.nextInt(40);
        int duration = latency(60, 40);
        List<LogSpec> logs = new ArrayList<>();
        logs.add(log(
                "INFO",
                "catalog-service",
                "search answered",
                "query_length",
                query.length(),
                "results",
                results,
                "duration_ms",
                duration));
        if (chance(0.05)) {
            logs.add(log(
                    "WARN",
                    "catalog-service",
                    "slow search query",
                    "duration_ms",
                    1200 + random.nextInt(2000),
                    "index",
                    "products_v3"));
        }
        step(4, List.of(event("search", "query", query, "results_count", results)), logs);
    }

    private void categoryList() {
        String category = Catalog.CATEGORIES.get(random.nextInt(Catalog.CATEGORIES.size()));
        List<Object> ids = new ArrayList<>();
        Catalog.inCategory(category).forEach(p -> ids.add(p.id()));
        step(
                3,
                List.of(event(
                        "product_list_view",
                        "list_id",
                        "category-" + category,
                        "list_name",
                        category,
                        "category",
                        category,
                        "product_ids",
                        ids)),
                List.of(log(
                        "INFO",
                        "catalog-service",
                        "category listed",
                        "category",
                        category,
                        "duration_ms",
                        latency(30, 10))));
    }

    private void productView(Catalog.Product p) {
        boolean inStock = !chance(0.07);
        List<LogSpec> logs = new ArrayList<>();
        logs.add(log(
                "INFO",
                "catalog-service",
                "product page served",
                "product_id",
                p.id(),
                "duration_ms",
                latency(25, 10)));
        if (!inStock) {
            logs.add(log("WARN", "inventory-service", "product out of stock", "product_id", p.id()));
        }
        step(
                6,
                List.of(event(
                        "product_view",
                        "product_id",
                        p.id(),
                        "name",
                        p.name(),
                        "category",
                        p.category(),
                        "price",
                        p.price(),
                        "currency",
                        Catalog.CURRENCY,
                        "in_stock",
                        inStock)),
                logs);
    }

    private void addToCart(Catalog.Product p) {
        int quantity = chance(0.8) ? 1 : 2 + random.nextInt(2);
        cart.merge(p.id(), quantity, Integer::sum);
        Map<String, Object> props = props(
                "product_id",
                p.id(),
                "name",
                p.name(),
                "category",
                p.category(),
                "quantity",
                quantity,
                "price",
                p.price(),
                "currency",
                Catalog.CURRENCY,
                "cart_id",
                cartId);
        if (chance(funnel.invalid())) {
            props.put("quantity", 0);
        }
        step(
                5,
                List.of(new EventSpec("add_to_cart", props)),
                List.of(log(
                        "INFO",
                        "cart-service",
                        "item added to cart",
                        "cart_id",
                        cartId,
                        "product_id",
                        p.id(),
                        "quantity",
                        quantity)));
    }

    private void removeFromCart(String productId) {
        int quantity = cart.remove(productId);
        step(
                4,
                List.of(event("remove_from_cart", "product_id", productId, "quantity", quantity, "cart_id", cartId)),
                List.of(log(
                        "INFO", "cart-service", "item removed from cart", "cart_id", cartId, "product_id", productId)));
    }

    private void checkout() {
        BigDecimal value = cartValue();
        step(
                6,
                List.of(event(
                        "checkout_start",
                        "cart_id",
                        cartId,
                        "value",
                        value,
                        "currency",
                        Catalog.CURRENCY,
                        "items_count",
                        itemsCount(),
                        "items",
                        lineItems())),
                List.of(log("INFO", "checkout-service", "checkout started", "cart_id", cartId)));
        step(20, List.of(event("checkout_step", "step", "address", "cart_id", cartId)), List.of());
        String shipping = chance(0.7) ? "standard" : "express";
        step(8, List.of(event("checkout_step", "step", "shipping", "option", shipping, "cart_id", cartId)), List.of());
        String method = PAYMENT_METHODS[random.nextInt(PAYMENT_METHODS.length)];
        step(
                10,
                List.of(event("checkout_step", "step", "payment_method", "option", method, "cart_id", cartId)),
                List.of());
        BigDecimal discount = BigDecimal.ZERO;
        if (chance(0.15)) {
            boolean accepted = chance(0.7);
            discount = accepted ? value.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP) : discount;
            Map<String, Object> props = props("coupon", "WINTER10", "accepted", accepted);
            if (accepted) {
                props.put("discount", discount);
                props.put("currency", Catalog.CURRENCY);
            } else {
                props.put("reason", "expired");
            }
            step(6, List.of(new EventSpec("coupon_applied", props)), List.of());
        }
        BigDecimal shippingCost = shipping.equals("express") ? new BigDecimal("9.90") : new BigDecimal("4.90");
        BigDecimal amount = value.subtract(discount).add(shippingCost);
        String orderId = "o-" + hex(10);
        Map<String, Object> order = props(
                "order_id",
                orderId,
                "amount",
                amount,
                "currency",
                Catalog.CURRENCY,
                "items",
                lineItems(),
                "items_count",
                itemsCount(),
                "shipping",
                shippingCost,
                "discount",
                discount,
                "payment_method",
                method);
        if (chance(funnel.invalid())) {
            order.remove("amount");
        }
        step(
                5,
                List.of(new EventSpec("order_placed", order)),
                List.of(log("INFO", "order-service", "order created", "order_id", orderId, "amount", amount)));
        pay(orderId, amount, method, 1);
    }

    private void pay(String orderId, BigDecimal amount, String method, int attempt) {
        String paymentId = "pay-" + hex(10);
        int duration = latency(350, 200);
        if (!chance(funnel.paymentFailure())) {
            step(
                    2,
                    List.of(event(
                            "payment_succeeded",
                            "order_id",
                            orderId,
                            "payment_id",
                            paymentId,
                            "amount",
                            amount,
                            "currency",
                            Catalog.CURRENCY,
                            "payment_method",
                            method,
                            "provider",
                            "acmepay",
                            "attempt",
                            attempt,
                            "duration_ms",
                            duration)),
                    List.of(log(
                            "INFO",
                            "payment-service",
                            "payment authorised",
                            "order_id",
                            orderId,
                            "payment_id",
                            paymentId,
                            "duration_ms",
                            duration)));
            if (chance(0.03)) {
                step(
                        30,
                        List.of(event(
                                "refund",
                                "order_id",
                                orderId,
                                "refund_id",
                                "r-" + hex(8),
                                "amount",
                                amount,
                                "currency",
                                Catalog.CURRENCY,
                                "reason",
                                "customer_request")),
                        List.of(log("INFO", "payment-service", "refund issued", "order_id", orderId)));
            }
            return;
        }
        String reason = FAILURE_REASONS[random.nextInt(FAILURE_REASONS.length)];
        boolean providerTrouble = reason.equals("timeout") || reason.equals("provider_error");
        int failedAfter = providerTrouble ? 5_000 + random.nextInt(5_000) : duration;
        List<LogSpec> logs = new ArrayList<>();
        logs.add(log(
                providerTrouble ? "ERROR" : "WARN",
                "payment-service",
                providerTrouble ? "payment provider did not answer in time" : "payment declined by provider",
                "order_id",
                orderId,
                "payment_id",
                paymentId,
                "reason",
                reason,
                "error_code",
                providerTrouble ? "PSP_TIMEOUT" : "PSP_DECLINED",
                "duration_ms",
                failedAfter));
        step(
                2,
                List.of(event(
                        "payment_failed",
                        "order_id",
                        orderId,
                        "payment_id",
                        paymentId,
                        "amount",
                        amount,
                        "currency",
                        Catalog.CURRENCY,
                        "reason",
                        reason,
                        "payment_method",
                        method,
                        "provider",
                        "acmepay",
                        "attempt",
                        attempt,
                        "duration_ms",
                        failedAfter)),
                logs);
        if (attempt < 3 && chance(0.5)) {
            pay(orderId, amount, method, attempt + 1);
        } else {
            step(
                    15,
                    List.of(event(
                            "order_cancelled",
                            "order_id",
                            orderId,
                            "amount",
                            amount,
                            "currency",
                            Catalog.CURRENCY,
                            "reason",
                            "payment_failed")),
                    List.of(log(
                            "INFO",
                            "order-service",
                            "order cancelled",
                            "order_id",
                            orderId,
                            "reason",
                            "payment_failed")));
        }
    }

    private List<Object> lineItems() {
        List<Object> items = new ArrayList<>();
        cart.forEach((id, quantity) -> {
            Catalog.Product p = Catalog.PRODUCTS.stream()
                    .filter(x -> x.id().equals(id))
                    .findFirst()
                    .orElseThrow();
            items.add(props("product_id", id, "quantity", quantity, "price", p.price()));
        });
        return items;
    }

    private BigDecimal cartValue() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, Integer> item : cart.entrySet()) {
            Catalog.Product p = Catalog.PRODUCTS.stream()
                    .filter(x -> x.id().equals(item.getKey()))
                    .findFirst()
                    .orElseThrow();
            sum = sum.add(p.price().multiply(BigDecimal.valueOf(item.getValue())));
        }
        return sum;
    }

    private int itemsCount() {
        return cart.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void step(int meanThinkSeconds, List<EventSpec> events, List<LogSpec> logs) {
        long millis = meanThinkSeconds == 0 ? 0 : (long) (meanThinkSeconds * 1000 * (0.3 + random.nextDouble() * 1.4));
        steps.add(new Step(Duration.ofMillis(millis), hex(32), events, logs));
    }

    private EventSpec event(String type, Object... keyValues) {
        return new EventSpec(type, props(keyValues));
    }

    private static LogSpec log(String level, String service, String message, Object... keyValues) {
        return new LogSpec(level, service, message, props(keyValues));
    }

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private int latency(int mean, int spread) {
        return Math.max(1, (int) (mean + random.nextGaussian() * spread));
    }

    private String hex(int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }
}
