package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.core.LabelSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PromQL rules against a real HTTP server that answers as metrics-service's Prometheus API does (its paths, its
 * response shapes, its errors): every returned series is one alert instance whose labels are the series' labels.
 */
class PromQlRuleTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    /** A request as received. */
    record Query(String path, Map<String, String> params, String authorization) {}

    final List<Query> queries = Collections.synchronizedList(new ArrayList<>());
    volatile int status = 200;
    volatile String answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
    final HttpServer server = start();

    HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            s.createContext("/", this::handle);
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            queries.add(new Query(
                    exchange.getRequestURI().getPath(),
                    params,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    PrometheusApiQueryExecutor executor(String token) {
        return new PrometheusApiQueryExecutor(
                HttpClient.newHttpClient(),
                "http://127.0.0.1:" + server.getAddress().getPort(),
                token,
                Duration.ofSeconds(5));
    }

    static AlertRule packRule() {
        RuleSpec spec = RulePack.ECOMMERCE.rules().stream()
                .filter(r -> r.name().equals("PaymentSuccessRateLow"))
                .findFirst()
                .orElseThrow();
        return AlertRule.compile("r-1", "shop-eu", spec);
    }

    @Test
    void query_sendsTheInstantQueryToTheOrgsPrometheusApi_withTheToken() {
        executor("tok-123").query("shop-eu", "sum by (provider) (rate(shop_payments_total[5m]))", NOW);

        assertThat(queries).hasSize(1);
        Query q = queries.get(0);
        assertThat(q.path()).isEqualTo("/api/shop-eu/prometheus/api/v1/query");
        assertThat(q.params())
                .containsEntry("query", "sum by (provider) (rate(shop_payments_total[5m]))")
                .containsEntry("time", NOW.getEpochSecond() + ".000");
        assertThat(q.authorization()).isEqualTo("Bearer tok-123");
    }

    @Test
    void query_vector_givesOneSamplePerSeries_withoutName_andPrometheusSpecialValues() {
        answer = """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"x","provider":"adyen"},"value":[1765022400,"0.85"]},
                  {"metric":{"provider":"stripe","region":"eu"},"value":[1765022400,"+Inf"]},
                  {"metric":{},"value":[1765022400,"NaN"]}]}}
                """;

        List<Sample> samples = executor("").query("o", "q", NOW);

        assertThat(samples).hasSize(3);
        assertThat(samples.get(0)).isEqualTo(new Sample(LabelSet.of("provider", "adyen"), 0.85));
        assertThat(samples.get(1))
                .isEqualTo(new Sample(LabelSet.of("provider", "stripe", "region", "eu"), Double.POSITIVE_INFINITY));
        assertThat(samples.get(2).labels()).isEqualTo(LabelSet.EMPTY);
        assertThat(samples.get(2).value()).isNaN();
        assertThat(queries.get(0).authorization()).isNull();
    }

    @Test
    void query_scalar_isOneSampleWithoutLabels() {
        answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1765022400,\"3\"]}}";

        assertThat(executor(null).query("o", "1+2", NOW)).containsExactly(new Sample(LabelSet.EMPTY, 3));
    }

    @Test
    void query_errorsAndMatrices_fail_soTheEvaluationCountsAsFailed() {
        status = 400;
        answer = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"unexpected token\"}";
        assertThatThrownBy(() -> executor(null).query("o", "sum(", NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("bad_data")
                .hasMessageContaining("unexpected token");

        status = 200;
        answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        assertThatThrownBy(() -> executor(null).query("o", "x[5m]", NOW)).hasMessageContaining("matrix");

        server.stop(0);
        assertThatThrownBy(() -> executor(null).query("o", "x", NOW)).hasMessageContaining("not reachable");
    }

    @Test
    void packRule_firesPerProvider_withTheSeriesLabelsAsAlertLabels() {
        AlertRule rule = packRule();
        answer = """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"provider":"adyen"},"value":[1765022400,"0.97"]},
                  {"metric":{"provider":"stripe"},"value":[1765022400,"0.5"]},
                  {"metric":{"provider":"paypal"},"value":[1765022400,"0.93"]}]}}
                """;
        PromQlQueryExecutor executor = executor("t");
        Map<LabelSet, RuleInstance> instances = Map.of();
        List<AlertIngestion.Posted> alerts = new ArrayList<>();
        // "for: 2m": pending at the first evaluation, firing two minutes later
        for (Instant at : List.of(NOW, NOW.plus(Duration.ofMinutes(1)), NOW.plus(Duration.ofMinutes(2)))) {
            RuleEvaluation.Result result = RuleEvaluation.evaluate(
                    rule, executor.query(rule.org(), rule.spec().query(), at), instances, at, false);
            instances = result.instances();
            alerts.addAll(result.alerts());
        }

        assertThat(queries.get(0).params().get("query")).isEqualTo(rule.spec().query());
        assertThat(alerts)
                .extracting(a -> a.labels().get("provider") + ":" + a.labels().get("severity"))
                .containsExactlyInAnyOrder("stripe:critical", "paypal:warning");
        AlertIngestion.Posted stripe = alerts.stream()
                .filter(a -> a.labels().get("provider").equals("stripe"))
                .findFirst()
                .orElseThrow();
        assertThat(stripe.labels())
                .containsEntry("alertname", "PaymentSuccessRateLow")
                .containsEntry("shopwatch_rule_type", "promql")
                .containsEntry("team", "payments");
        assertThat(stripe.annotations().get("summary"))
                .isEqualTo("Payment success rate of stripe is 0.5000 over the last 5 minutes");
    }

    @Test
    void compile_promqlRules_needAQuery_andTakeNoSqlConditions() {
        assertThat(packRule().type()).isEqualTo(AlertRule.Type.PROMQL);
        RuleSpec noQuery = new RuleSpec(
                "R",
                "promql",
                " ",
                null,
                null,
                null,
                null,
                List.of(new RuleSpec.Severity("critical", ">", 1.0, null)),
                null,
                null,
                null,
                null,
                true);
        assertThatThrownBy(() -> AlertRule.compile("1", "o", noQuery)).hasMessageContaining("needs a query");
        RuleSpec ratio = new RuleSpec(
                "R",
                "promql",
                "up == 0",
                null,
                null,
                new RuleSpec.Condition("ratio", null, "a", "b", null, null),
                null,
                List.of(new RuleSpec.Severity("critical", ">", 1.0, null)),
                null,
                null,
                null,
                null,
                true);
        assertThatThrownBy(() -> AlertRule.compile("1", "o", ratio)).hasMessageContaining("write ratios");
    }
}
