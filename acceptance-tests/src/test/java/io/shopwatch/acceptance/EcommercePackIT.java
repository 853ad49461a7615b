package io.shopwatch.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.alert.rule.OpenObserveRuleQueryExecutor;
import io.shopwatch.alert.rule.RulePack;
import io.shopwatch.alert.rule.RuleQueryExecutor;
import io.shopwatch.alert.rule.RuleSpec;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.openobserve.SearchRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the e-commerce pack, proven on data that went through the production ingest path (logging-service →
 * Kafka → pipeline-service → embedded store, and {@code shopwatch.stored} for the real-time rule): for each rule, data
 * made to reach each of its severities fires it with that severity, and normal data keeps it quiet or resolves it.
 *
 * <p>Time is virtual: every record carries an explicit timestamp around a base instant {@link #E} two hours back
 * (a day more for the day-over-day comparison), and the rules are evaluated at chosen instants after it. Each scenario
 * has an org of its own, so that no rule sees another scenario's data.
 */
class EcommercePackIT {

    /** The rules this class proves; a pack rule missing here fails {@link #everyPackRule_isProvenHere()}. */
    private static final Set<String> PROVEN = Set.of(
            "PaymentFailureRate",
            "CheckoutErrorRate",
            "OrderVolumeDrop",
            "NoOrders",
            "CheckoutLatencyP95",
            "Http5xxRate",
            "PaymentFailureBurst");

    /**
     * Pack rules proven elsewhere, and where: PromQL rules read metrics-service's Prometheus API, which this ingest
     * path does not run.
     */
    private static final Map<String, String> PROVEN_ELSEWHERE = Map.of(
            "PaymentSuccessRateLow",
            "alert-service PromQlRuleTest, against a server answering as metrics-service's Prometheus API");

    /** The base instant: on the hour, two hours ago (every interval of the pack divides an hour). */
    private static final Instant E = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<String, List<Map<String, Object>>> LOGS = new LinkedHashMap<>();
    private static final Map<String, List<Map<String, Object>>> EVENTS = new LinkedHashMap<>();

    private static IngestPath path;
    private static RuleQueryExecutor executor;
    private static List<Envelope> stored;

    @BeforeAll
    static void ingest() {
        paymentFailureRateData();
        checkoutErrorRateData();
        orderVolumeDropData();
        noOrdersData();
        checkoutLatencyData();
        http5xxData();
        paymentFailureBurstData();

        path = IngestPath.start();
        LOGS.forEach(path::postLogs);
        EVENTS.forEach(path::postEvents);
        path.awaitStoring();
        Instant from = E.minus(Duration.ofDays(2));
        Instant to = E.plus(Duration.ofDays(1));
        await().alias("every record stored")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    LOGS.forEach((org, records) -> assertThat(path.count(org, "logs", from, to))
                            .as(org)
                            .isEqualTo(records.size()));
                    EVENTS.forEach((org, records) -> assertThat(path.count(org, "events", from, to))
                            .as(org)
                            .isEqualTo(records.size()));
                });
        executor = new OpenObserveRuleQueryExecutor(path.store(), 1000);
        int burstEvents = EVENTS.get("burst").size();
        stored = path.stored(
                read -> read.stream().filter(e -> e.org().equals("burst")).count() >= burstEvents,
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (path != null) {
            path.close();
        }
    }

    // ---- the pack

    @Test
    void everyPackRule_isProvenHere() {
        Set<String> rules = RulePack.ALL.stream()
                .flatMap(p -> p.rules().stream())
                .map(RuleSpec::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> proven = new TreeSet<>(PROVEN);
        proven.addAll(PROVEN_ELSEWHERE.keySet());
        assertThat(rules).isEqualTo(proven);
    }

    private static RuleSpec rule(String name) {
        return RulePack.ECOMMERCE.rules().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static RuleRun run(String org, String rule, Instant from, Instant to) {
        return new RuleRun(org, rule(rule)).evaluate(executor, from, to);
    }

    private static Instant at(long minutes) {
        return E.plus(Duration.ofMinutes(minutes));
    }

    /** Fires first at {@code firesAt} with {@code severity}, after nothing at all was handed over. */
    private static RuleRun.Handed assertFires(RuleRun run, Instant firesAt, String severity) {
        RuleRun.Handed first = run.handed().isEmpty() ? null : run.handed().get(0);
        assertThat(first).as("first alert of %s", run.handed()).isNotNull();
        assertThat(first.firing()).as(first.toString()).isTrue();
        assertThat(first.at()).as(first.toString()).isEqualTo(firesAt);
        assertThat(first.severity()).as(first.toString()).isEqualTo(severity);
        assertThat(first.label("pack")).isEqualTo("ecommerce");
        return first;
    }

    /** After firing, the last alert handed over is a resolution. */
    private static void assertResolves(RuleRun run) {
        List<RuleRun.Handed> handed = run.handed();
        assertThat(handed).isNotEmpty();
        assertThat(handed.get(handed.size() - 1).firing())
                .as("last of %s", handed)
                .isFalse();
    }

    // ---- PaymentFailureRate: failed / (failed + succeeded) payments over 5 minutes, at least 20 payments

    private static void paymentFailureRateData() {
        // 20% failed, then every payment succeeds
        perMinute(at(-5), at(4), m -> payments("pfr_critical", m, 2, 8));
        perMinute(at(4), at(12), m -> payments("pfr_critical", m, 0, 10));
        // 6.7% failed
        perMinute(at(-5), at(4), m -> payments("pfr_warning", m, 2, 28));
        // 3.3% failed
        perMinute(at(-5), at(4), m -> payments("pfr_normal", m, 1, 29));
    }

    private static void payments(String org, Instant minute, int failed, int succeeded) {
        for (int i = 0; i < failed + succeeded; i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("order_id", "o-" + IDS.incrementAndGet());
            properties.put("amount", 25.5);
            properties.put("currency", "EUR");
            if (i < failed) {
                properties.put("reason", "declined");
            }
            event(org, i < failed ? "payment_failed" : "payment_succeeded", second(minute, i), properties);
        }
    }

    @Test
    void paymentFailureRate_firesCriticalThenResolves() {
        RuleRun run = run("pfr_critical", "PaymentFailureRate", at(0), at(11));
        assertFires(run, at(2), "critical");
        assertResolves(run);
    }

    @Test
    void paymentFailureRate_firesWarning() {
        assertFires(run("pfr_warning", "PaymentFailureRate", at(0), at(4)), at(2), "warning");
    }

    @Test
    void paymentFailureRate_staysQuietOnNormalData() {
        assertThat(run("pfr_normal", "PaymentFailureRate", at(0), at(4)).handed())
                .isEmpty();
    }

    // ---- CheckoutErrorRate: ERROR and FATAL lines of the checkout service over all of its lines, 5 minutes

    private static void checkoutErrorRateData() {
        // storefronts write levels in any spelling; the pipeline stores them upper case (ERROR, FATAL)
        perMinute(at(-5), at(4), m -> {
            checkoutLines("cer_critical", m, List.of("error", "critical"), 8);
            otherServiceErrors("cer_critical", m, 5);
        });
        perMinute(at(4), at(12), m -> checkoutLines("cer_critical", m, List.of(), 10));
        perMinute(at(-5), at(4), m -> checkoutLines("cer_warning", m, List.of("err"), 29));
        perMinute(at(-5), at(4), m -> {
            checkoutLines("cer_normal", m, List.of("warn"), 29);
            otherServiceErrors("cer_normal", m, 10);
        });
    }

    private static void checkoutLines(String org, Instant minute, List<String> levels, int info) {
        List<String> all = new ArrayList<>(levels);
        for (int i = 0; i < info; i++) {
            all.add(i % 2 == 0 ? "info" : "INFO");
        }
        for (int i = 0; i < all.size(); i++) {
            log(org, second(minute, i), "checkout", all.get(i), Map.of());
        }
    }

    private static void otherServiceErrors(String org, Instant minute, int n) {
        for (int i = 0; i < n; i++) {
            log(org, second(minute, 30 + i), "cart", "error", Map.of());
        }
    }

    @Test
    void storedLevels_areUpperCaseWhateverSpellingTheStorefrontSent() {
        List<Object> levels = path
                .store()
                .forOrg("cer_critical")
                .search(SearchRequest.sql("SELECT DISTINCT level FROM \"logs\" ORDER BY level")
                        .range(at(-60), at(60))
                        .build())
                .hits()
                .stream()
                .map(r -> r.get("level"))
                .toList();
        assertThat(levels).containsExactly("ERROR", "FATAL", "INFO");
    }

    @Test
    void checkoutErrorRate_firesCriticalOnLowerCaseLevelsThenResolves() {
        RuleRun run = run("cer_critical", "CheckoutErrorRate", at(0), at(11));
        assertFires(run, at(2), "critical");
        assertResolves(run);
    }

    @Test
    void checkoutErrorRate_firesWarning() {
        assertFires(run("cer_warning", "CheckoutErrorRate", at(0), at(4)), at(2), "warning");
    }

    @Test
    void checkoutErrorRate_staysQuietOnNormalDataAndOtherServicesErrors() {
        assertThat(run("cer_normal", "CheckoutErrorRate", at(0), at(4)).handed())
                .isEmpty();
    }

    // ---- OrderVolumeDrop: orders of the last hour against the same hour a day earlier

    private static void orderVolumeDropData() {
        // yesterday 20 orders an hour everywhere; today 5 (-75%), 12 (-40%) or 20 (0%) an hour
        for (String org : List.of("ovd_critical", "ovd_warning", "ovd_normal")) {
            every(at(-60).minus(Duration.ofDays(1)), at(20).minus(Duration.ofDays(1)), 3, t -> order(org, t));
        }
        every(at(-60), at(20), 12, t -> order("ovd_critical", t));
        every(at(-60), at(20), 5, t -> order("ovd_warning", t));
        every(at(-60), at(20), 3, t -> order("ovd_normal", t));
    }

    @Test
    void orderVolumeDrop_firesCriticalAfterTenMinutes() {
        assertFires(run("ovd_critical", "OrderVolumeDrop", at(0), at(15)), at(10), "critical");
    }

    @Test
    void orderVolumeDrop_firesWarning() {
        assertFires(run("ovd_warning", "OrderVolumeDrop", at(0), at(15)), at(10), "warning");
    }

    @Test
    void orderVolumeDrop_staysQuietOnTheUsualVolume() {
        assertThat(run("ovd_normal", "OrderVolumeDrop", at(0), at(15)).handed()).isEmpty();
    }

    // ---- NoOrders: no order in the last 10 minutes (the shop keeps being visited)

    private static void noOrdersData() {
        perMinute(at(-20), at(16), m -> pageView("no_orders", m));
        perMinute(at(-20), at(0), m -> order("no_orders", second(m, 1)));
        perMinute(at(12), at(16), m -> order("no_orders", second(m, 1)));
    }

    @Test
    void noOrders_firesWhenOrdersStopAndResolvesWhenTheyReturn() {
        RuleRun run = run("no_orders", "NoOrders", at(0), at(14));
        assertFires(run, at(10), "critical");
        assertThat(run.firstResolvedAfter(at(10)).at()).isEqualTo(at(13));
        assertResolves(run);
    }

    // ---- CheckoutLatencyP95: p95 of the checkout service's duration_ms over 5 minutes, for 5 minutes

    private static void checkoutLatencyData() {
        perMinute(at(-5), at(6), m -> latencies("lat_critical", m, 3, 3000));
        perMinute(at(6), at(14), m -> latencies("lat_critical", m, 0, 0));
        perMinute(at(-5), at(6), m -> latencies("lat_warning", m, 3, 1500));
        perMinute(at(-5), at(6), m -> latencies("lat_normal", m, 0, 0));
    }

    /** 20 checkout requests a minute: {@code slow} of them take {@code slowMs}, the others 120–400 ms. */
    private static void latencies(String org, Instant minute, int slow, int slowMs) {
        for (int i = 0; i < 20; i++) {
            int duration = i < slow ? slowMs : 120 + (i * 17) % 280;
            log(org, second(minute, i), "checkout", "info", Map.of("duration_ms", duration));
        }
        // lines without a duration do not count
        log(org, second(minute, 40), "checkout", "info", Map.of());
    }

    @Test
    void checkoutLatencyP95_firesCriticalAfterFiveMinutesThenResolves() {
        RuleRun run = run("lat_critical", "CheckoutLatencyP95", at(0), at(13));
        assertFires(run, at(5), "critical");
        assertResolves(run);
    }

    @Test
    void checkoutLatencyP95_firesWarning() {
        assertFires(run("lat_warning", "CheckoutLatencyP95", at(0), at(5)), at(5), "warning");
    }

    @Test
    void checkoutLatencyP95_staysQuietOnNormalLatencies() {
        assertThat(run("lat_normal", "CheckoutLatencyP95", at(0), at(5)).handed())
                .isEmpty();
    }

    // ---- Http5xxRate: share of 5xx answers per service over 5 minutes, at least 50 requests

    private static void http5xxData() {
        perMinute(at(-5), at(4), m -> {
            requests("http_critical", m, "cart", 2, 18);
            requests("http_critical", m, "search", 0, 20);
            // all 5xx, but too few requests to judge
            requests("http_critical", m, "admin", 2, 0);
        });
        perMinute(at(4), at(12), m -> {
            requests("http_critical", m, "cart", 0, 20);
            requests("http_critical", m, "search", 0, 20);
        });
        perMinute(at(-5), at(4), m -> requests("http_warning", m, "cart", 1, 39));
        perMinute(at(-5), at(4), m -> {
            requests("http_normal", m, "cart", 0, 40);
            log("http_normal", second(m, 50), "cart", "info", Map.of());
        });
    }

    private static void requests(String org, Instant minute, String service, int errors, int ok) {
        for (int i = 0; i < errors + ok; i++) {
            int status = i < errors ? (i % 2 == 0 ? 503 : 500) : (i % 5 == 0 ? 404 : 200);
            log(org, second(minute, i), service, status >= 500 ? "error" : "info", Map.of("status", status));
        }
    }

    @Test
    void http5xxRate_firesCriticalForTheFailingServiceOnlyThenResolves() {
        RuleRun run = run("http_critical", "Http5xxRate", at(0), at(11));
        RuleRun.Handed first = assertFires(run, at(2), "critical");
        assertThat(first.label("service")).isEqualTo("cart");
        assertThat(run.handed()).allSatisfy(h -> assertThat(h.label("service")).isEqualTo("cart"));
        assertResolves(run);
    }

    @Test
    void http5xxRate_firesWarning() {
        assertFires(run("http_warning", "Http5xxRate", at(0), at(4)), at(2), "warning");
    }

    @Test
    void http5xxRate_staysQuietOnNormalData() {
        assertThat(run("http_normal", "Http5xxRate", at(0), at(4)).handed()).isEmpty();
    }

    // ---- PaymentFailureBurst (real-time): 5 failed payments of one merchant within a minute

    private static void paymentFailureBurstData() {
        for (int s = 10; s <= 50; s += 10) {
            failedPayment("burst", E.plusSeconds(s), "m-burst");
        }
        // successful payments of the same merchant do not count
        for (int s = 5; s <= 55; s += 5) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("order_id", "o-" + IDS.incrementAndGet());
            properties.put("amount", 10);
            properties.put("currency", "EUR");
            properties.put("merchant_id", "m-burst");
            event("burst", "payment_succeeded", E.plusSeconds(s), properties);
        }
        // a failure every 30 seconds: two within any minute
        for (int s = -120; s <= 240; s += 30) {
            failedPayment("burst", E.plusSeconds(s), "m-calm");
        }
    }

    private static void failedPayment(String org, Instant at, String merchant) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("order_id", "o-" + IDS.incrementAndGet());
        properties.put("amount", 99.9);
        properties.put("currency", "EUR");
        properties.put("reason", "declined");
        properties.put("merchant_id", merchant);
        event(org, "payment_failed", at, properties);
    }

    @Test
    void paymentFailureBurst_firesCriticalForTheMerchantAtOnceThenResolves() {
        RuleRun run = new RuleRun("burst", rule("PaymentFailureBurst")).replay(stored, E.minusSeconds(180), at(5));
        RuleRun.Handed first = assertFires(run, E.plusSeconds(50), "critical");
        assertThat(first.label("properties_merchant_id")).isEqualTo("m-burst");
        assertThat(first.label("team")).isEqualTo("payments");
        assertThat(run.handed())
                .allSatisfy(h -> assertThat(h.label("properties_merchant_id")).isEqualTo("m-burst"));
        // the fifth event leaves the window at 70 s; keep_firing_for 2m holds it until 2 minutes after 69 s
        assertThat(run.firstResolvedAfter(first.at()).at()).isEqualTo(E.plusSeconds(69 + 120));
        assertResolves(run);
    }

    // ---- records

    private static void log(String org, Instant at, String service, String level, Map<String, Object> extra) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", org + "-log-" + IDS.incrementAndGet());
        r.put("timestamp", at.toString());
        r.put("level", level);
        r.put("service", service);
        r.put("message", service + " " + level + " " + IDS.incrementAndGet());
        r.putAll(extra);
        LOGS.computeIfAbsent(org, o -> new ArrayList<>()).add(r);
    }

    private static void event(String org, String type, Instant at, Map<String, Object> properties) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", org + "-event-" + IDS.incrementAndGet());
        e.put("type", type);
        e.put("session_id", "s-" + IDS.incrementAndGet());
        e.put("timestamp", at.toString());
        e.put("properties", properties);
        EVENTS.computeIfAbsent(org, o -> new ArrayList<>()).add(e);
    }

    private static void order(String org, Instant at) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("order_id", "o-" + IDS.incrementAndGet());
        properties.put("amount", 42);
        properties.put("currency", "EUR");
        event(org, "order_placed", at, properties);
    }

    private static void pageView(String org, Instant minute) {
        event(org, "page_view", second(minute, 20), Map.of("url", "/products/" + IDS.incrementAndGet()));
    }

    /** Calls {@code each} for the start of every minute in [from, to). */
    private static void perMinute(Instant from, Instant to, Consumer<Instant> each) {
        for (Instant m = from; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
            each.accept(m);
        }
    }

    /** Calls {@code each} every {@code minutes} minutes in [from, to), 30 seconds into the minute. */
    private static void every(Instant from, Instant to, int minutes, Consumer<Instant> each) {
        for (Instant t = from.plusSeconds(30); t.isBefore(to); t = t.plus(Duration.ofMinutes(minutes))) {
            each.accept(t);
        }
    }

    /** A second within the minute (1 to 59), so that no record sits on a window's edge. */
    private static Instant second(Instant minute, int i) {
        return minute.plusSeconds(1 + i % 59);
    }
}
