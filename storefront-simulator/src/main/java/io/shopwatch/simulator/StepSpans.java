package io.shopwatch.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The spans an instrumented storefront would send for one step of a session: the web front end's server span for the
 * request behind the step, and under it one span per storefront service that logged something while serving it, with
 * the duration the service logged ({@code duration_ms}). Orders and payments go through the checkout service, so a
 * payment is {@code storefront-web → checkout-service → payment-service}. A service that logged an ERROR fails its span
 * and every span above it (the front end answers 502); a declined payment (WARN) is an answer, not an error. Pure: the
 * same step, start and random give the same spans.
 */
final class StepSpans {

    /** Span kinds as OTLP numbers them. */
    static final int SERVER = 2;

    static final int CLIENT = 3;

    /**
     * One span.
     *
     * @param parentSpanId empty for the root
     * @param error OTLP status ERROR (else UNSET)
     */
    record Span(
            String traceId,
            String spanId,
            String parentSpanId,
            String service,
            String name,
            int kind,
            long startNanos,
            long endNanos,
            boolean error,
            Map<String, Object> attributes) {}

    /** The front end's service name. */
    static final String FRONTEND = "storefront-web";

    static final String CHECKOUT = "checkout-service";

    private StepSpans() {}

    /**
     * @param rootSpanId the front end's span id (the step's log lines carry it)
     * @param startNanos when the request began, in Unix nanoseconds
     */
    static List<Span> of(SessionScript.Step step, String rootSpanId, long startNanos, Random random) {
        if (step.events().isEmpty() && step.logs().isEmpty()) {
            return List.of();
        }
        String route = route(step);
        List<Span> children = new ArrayList<>();
        long cursor = startNanos + millis(1);
        long frontendMillis = -1;
        boolean failed = false;
        for (SessionScript.LogSpec log : step.logs()) {
            long took = durationMillis(log, random);
            if (log.service().equals(FRONTEND)) {
                frontendMillis = took;
                continue;
            }
            boolean error = log.level().equals("ERROR");
            failed |= error;
            String parent = rootSpanId;
            long start = cursor;
            if (log.service().equals("payment-service") || log.service().equals("order-service")) {
                // the front end asks the checkout service, which asks the order or payment service
                String checkoutId = spanId(random);
                String operation =
                        log.service().equals("payment-service") ? "POST /checkout/payment" : "POST /checkout/order";
                children.add(new Span(
                        step.traceId(),
                        checkoutId,
                        rootSpanId,
                        CHECKOUT,
                        operation,
                        SERVER,
                        start,
                        start + millis(took + 4),
                        error,
                        Map.of("http.route", operation.substring(5), "http.response.status_code", error ? 502 : 200)));
                parent = checkoutId;
                start += millis(2);
            }
            Map<String, Object> attributes = new java.util.LinkedHashMap<>();
            attributes.put("log.level", log.level());
            Object code = log.attributes().get("error_code");
            if (code != null) {
                attributes.put("error.type", code.toString());
            }
            children.add(new Span(
                    step.traceId(),
                    spanId(random),
                    parent,
                    log.service(),
                    log.message(),
                    SERVER,
                    start,
                    start + millis(took),
                    error,
                    attributes));
            cursor = start + millis(took + 5);
        }
        long end = Math.max(cursor + millis(1), startNanos + millis(Math.max(frontendMillis, 2)));
        List<Span> spans = new ArrayList<>(children.size() + 1);
        spans.add(new Span(
                step.traceId(),
                rootSpanId,
                "",
                FRONTEND,
                route,
                SERVER,
                startNanos,
                end,
                failed,
                Map.of(
                        "http.request.method",
                        route.substring(0, route.indexOf(' ')),
                        "http.route",
                        route.substring(route.indexOf(' ') + 1),
                        "http.response.status_code",
                        failed ? 502 : 200)));
        spans.addAll(children);
        return spans;
    }

    /** The front end's route for the step, from its first event (low cardinality: ids are placeholders). */
    static String route(SessionScript.Step step) {
        String type = step.events().isEmpty() ? "" : step.events().get(0).type();
        return switch (type) {
            case "page_view" -> "GET /";
            case "login" -> "POST /login";
            case "search" -> "GET /search";
            case "product_list_view" -> "GET /category/{category}";
            case "product_view" -> "GET /product/{id}";
            case "add_to_cart" -> "POST /cart/items";
            case "remove_from_cart" -> "DELETE /cart/items/{id}";
            case "cart_view" -> "GET /cart";
            case "checkout_start" -> "POST /checkout";
            case "checkout_step" -> "POST /checkout/step";
            case "coupon_applied" -> "POST /checkout/coupon";
            case "order_placed" -> "POST /orders";
            case "payment_succeeded", "payment_failed" -> "POST /payments";
            case "order_cancelled" -> "POST /orders/{id}/cancel";
            case "refund" -> "POST /refunds";
            case "" -> "GET /";
            default -> "POST /" + type.toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    private static long durationMillis(SessionScript.LogSpec log, Random random) {
        if (log.attributes().get("duration_ms") instanceof Number n) {
            return Math.max(1, n.longValue());
        }
        return 3 + random.nextInt(12);
    }

    private static long millis(long ms) {
        return ms * 1_000_000L;
    }

    static String spanId(Random random) {
        return String.format(Locale.ROOT, "%016x", random.nextLong() | Long.MIN_VALUE);
    }
}
