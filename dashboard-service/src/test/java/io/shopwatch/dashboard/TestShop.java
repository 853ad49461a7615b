package io.shopwatch.dashboard;

import io.shopwatch.common.openobserve.IngestResult;
import io.shopwatch.common.openobserve.OpenObserveClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Storefront-like traffic as the pipeline stores it, written straight into the store: behaviour events in
 * {@code events} (flattened: {@code properties_*}, plus the enrichments {@code ua_device_class}, {@code ua_browser},
 * and {@code geo_country} from the shopper's {@code properties_client_ip}, one of the storefront simulator's
 * addresses, as the pipeline's {@code geo_ip} stage gives it with the demo CSV the local stack configures, read here
 * from pipeline-service's {@code geoip/simulator-demo-country.csv}; pipeline-service's {@code PipelineEndToEndTest}
 * proves that stage on the real ingest path), service logs in {@code logs} ({@code attributes_*}) and, for each served step that logs
 * its duration, the span an instrumented service would send over OTLP, in the traces stream {@code default}. The sessions follow the storefront
 * simulator's script (landing, search or category, product views, cart, checkout, payment with failures and retries,
 * refunds), with its event types and property names; a fixed seed makes every run the same.
 */
public final class TestShop {

    private static final String[] PRODUCTS = {"p-1001", "p-1002", "p-1003", "p-2001", "p-2002", "p-3001"};
    private static final String[] QUERIES = {"boots", "winter jacket", "socks", "scarf", "sneakers red"};
    private static final String[] METHODS = {"card", "card", "paypal", "klarna"};
    private static final String[] REASONS = {"declined", "insufficient_funds", "timeout", "provider_error"};
    private static final String[] DEVICES = {"Desktop", "Phone", "Tablet"};
    private static final String[] BROWSERS = {"Chrome", "Safari", "Firefox"};
    /** The storefront simulator's client addresses ({@code Simulator.CLIENT_IPS}). */
    private static final String[] CLIENT_IPS = {
        "192.0.2.10", "192.0.2.77", "198.51.100.23", "203.0.113.5", "2001:db8:1::17", "2001:db8:2::42"
    };

    private static final Path DEMO_GEOIP_CSV = Path.of("..")
            .toAbsolutePath()
            .normalize()
            .resolve("pipeline-service/src/main/resources/geoip/simulator-demo-country.csv");

    private static final Map<String, String> COUNTRY_OF = new java.util.concurrent.ConcurrentHashMap<>();

    private final Random random = new Random(42);
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final List<Map<String, Object>> logs = new ArrayList<>();
    private final Random ids = new Random(7);
    private final StringBuilder spans = new StringBuilder();
    private int spanCount;
    private Instant clock;

    private TestShop() {}

    /** Plays {@code sessions} sessions spread over the 40 minutes before {@code now} into the org's streams. */
    public static void fill(String org, int sessions, Instant now) {
        TestShop shop = new TestShop();
        for (int i = 0; i < sessions; i++) {
            shop.clock = now.minus(Duration.ofMinutes(40)).plusSeconds(i * 2400L / sessions);
            shop.session(i);
        }
        OpenObserveClient client = TestStore.client(org);
        check(client.ingest("events", shop.events));
        check(client.ingest("logs", shop.logs));
        check(client.ingestTraces(
                "default",
                ("{\"resourceSpans\":[" + shop.spans + "]}").getBytes(StandardCharsets.UTF_8),
                shop.spanCount));
    }

    private static void check(IngestResult result) {
        if (result.hasFailures()) {
            throw new IllegalStateException(
                    "the store refused records: " + result.firstError().orElse(""));
        }
    }

    private void session(int n) {
        String session = "s-" + n;
        String user = random.nextInt(4) == 0 ? null : "u-" + random.nextInt(Math.max(1, n / 2 + 1));
        String device = DEVICES[random.nextInt(DEVICES.length)];
        String browser = BROWSERS[random.nextInt(BROWSERS.length)];
        String clientIp = CLIENT_IPS[random.nextInt(CLIENT_IPS.length)];
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("session_id", session);
        if (user != null) {
            base.put("user_id", user);
        }
        base.put("ua_device_class", device);
        base.put("ua_browser", browser);
        base.put("properties_client_ip", clientIp);
        String country = COUNTRY_OF.computeIfAbsent(clientIp, TestShop::demoCountry);
        if (country != null) {
            base.put("geo_country", country);
        }

        event(base, "page_view", "url", "/", "page_type", "home");
        log("INFO", "storefront-web", "GET / 200", "http_status", n % 50 == 0 ? 503 : 200, "duration_ms", 30 + n % 40);
        String query = QUERIES[random.nextInt(QUERIES.length)];
        int results = n % 9 == 0 ? 0 : 1 + random.nextInt(30);
        event(base, "search", "query", query, "results_count", results);
        log("INFO", "catalog-service", "search answered", "results", results, "duration_ms", 40 + random.nextInt(80));
        for (int v = 0; v < 1 + random.nextInt(3); v++) {
            String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            event(base, "product_view", "product_id", product, "price", 49.9, "currency", "EUR");
            log("INFO", "catalog-service", "product page served", "product_id", product, "duration_ms", 20 + v);
        }
        if (random.nextDouble() > 0.5) {
            return;
        }
        String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
        int quantity = 1 + random.nextInt(2);
        event(base, "add_to_cart", "product_id", product, "quantity", quantity, "price", 49.9, "currency", "EUR");
        log("INFO", "cart-service", "item added to cart", "product_id", product, "duration_ms", 15);
        if (random.nextDouble() > 0.7) {
            return;
        }
        double amount = Math.round(quantity * 49.9 * 100 + 490) / 100.0;
        String order = "o-" + n;
        String method = METHODS[random.nextInt(METHODS.length)];
        event(base, "checkout_start", "value", amount, "currency", "EUR");
        event(base, "order_placed", "order_id", order, "amount", amount, "currency", "EUR", "payment_method", method);
        log("INFO", "order-service", "order created", "order_id", order, "duration_ms", 60);
        for (int attempt = 1; attempt <= 3; attempt++) {
            if (random.nextDouble() > 0.2) {
                event(
                        base,
                        "payment_succeeded",
                        "order_id",
                        order,
                        "amount",
                        amount,
                        "currency",
                        "EUR",
                        "payment_method",
                        method,
                        "provider",
                        "acmepay",
                        "attempt",
                        attempt,
                        "duration_ms",
                        350);
                log("INFO", "payment-service", "payment authorised", "order_id", order, "duration_ms", 300 + n % 200);
                if (n % 7 == 0) {
                    event(
                            base,
                            "refund",
                            "order_id",
                            order,
                            "amount",
                            amount,
                            "currency",
                            "EUR",
                            "reason",
                            "customer_request");
                }
                return;
            }
            String reason = REASONS[random.nextInt(REASONS.length)];
            boolean trouble = reason.equals("timeout") || reason.equals("provider_error");
            event(
                    base,
                    "payment_failed",
                    "order_id",
                    order,
                    "amount",
                    amount,
                    "currency",
                    "EUR",
                    "reason",
                    reason,
                    "payment_method",
                    method,
                    "provider",
                    "acmepay",
                    "attempt",
                    attempt);
            log(
                    trouble ? "ERROR" : "WARN",
                    "payment-service",
                    trouble ? "payment provider did not answer in time" : "payment declined by provider",
                    "order_id",
                    order,
                    "error_code",
                    trouble ? "PSP_TIMEOUT" : "PSP_DECLINED",
                    "duration_ms",
                    trouble ? 5000 : 400);
        }
        event(base, "order_cancelled", "order_id", order, "reason", "payment_failed");
    }

    /** The country of the demo CSV's range (start_ip,end_ip,country) holding the address; null when none does. */
    static String demoCountry(String ip) {
        try {
            byte[] address = InetAddress.getByName(ip).getAddress();
            for (String line : Files.readAllLines(DEMO_GEOIP_CSV)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(",");
                byte[] start = InetAddress.getByName(fields[0]).getAddress();
                byte[] end = InetAddress.getByName(fields[1]).getAddress();
                if (start.length == address.length
                        && Arrays.compareUnsigned(start, address) <= 0
                        && Arrays.compareUnsigned(address, end) <= 0) {
                    return fields[2];
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void event(Map<String, Object> base, String type, Object... properties) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("_timestamp", micros());
        event.put("type", type);
        event.putAll(base);
        for (int i = 0; i < properties.length; i += 2) {
            event.put("properties_" + properties[i], properties[i + 1]);
        }
        events.add(event);
    }

    private void log(String level, String service, String message, Object... attributes) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_timestamp", micros());
        line.put("level", level);
        line.put("service", service);
        line.put("message", message);
        for (int i = 0; i < attributes.length; i += 2) {
            line.put("attributes_" + attributes[i], attributes[i + 1]);
        }
        logs.add(line);
        if (line.get("attributes_duration_ms") instanceof Integer millis) {
            span(service, message, (Long) line.get("_timestamp"), millis, level.equals("ERROR"));
        }
    }

    /** The span behind a served step, as an instrumented service would send it over OTLP (JSON encoding). */
    private void span(String service, String operation, long startMicros, int millis, boolean error) {
        long start = startMicros * 1000;
        spans.append(spanCount++ == 0 ? "" : ",")
                .append("{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"")
                .append(service)
                .append("\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"")
                .append(hex(16))
                .append("\",\"spanId\":\"")
                .append(hex(8))
                .append("\",\"name\":\"")
                .append(operation)
                .append("\",\"kind\":2,\"startTimeUnixNano\":\"")
                .append(start)
                .append("\",\"endTimeUnixNano\":\"")
                .append(start + millis * 1_000_000L)
                .append("\",\"status\":{\"code\":")
                .append(error ? 2 : 1)
                .append("}}]}]}");
    }

    private String hex(int bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            out.append(String.format("%02x", ids.nextInt(256)));
        }
        return out.toString();
    }

    private long micros() {
        clock = clock.plusMillis(200 + random.nextInt(800));
        return clock.getEpochSecond() * 1_000_000L + clock.getNano() / 1_000;
    }
}
