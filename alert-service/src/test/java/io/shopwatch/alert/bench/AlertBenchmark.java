package io.shopwatch.alert.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.rule.AlertRule;
import io.shopwatch.alert.rule.OpenObserveRuleQueryExecutor;
import io.shopwatch.alert.rule.RuleEvaluation;
import io.shopwatch.alert.rule.RuleSpec;
import io.shopwatch.alert.rule.ScheduledEvaluator;
import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.alert.testing.EmbeddedStores;
import io.shopwatch.alert.testing.WebhookReceiver;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert-service benchmark, run on its own (not part of the test suite):
 * {@code ./mvnw -pl alert-service test -Dtest=AlertBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. Writes its
 * figures to {@code alert-service/target/alert-benchmark.md}.
 */
class AlertBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<String> report = Collections.synchronizedList(new ArrayList<>());

    @Test
    void benchmark() throws Exception {
        EmbeddedStoreServer store = EmbeddedStores.start();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.STORED);
        broker.afterPropertiesSet();
        try (OpenObserveClient client = new OpenObserveClient(OpenObserveClientSettings.builder(store.url())
                        .credentials(OpenObserveCredentials.basic("root@example.com", "Complexpass#123"))
                        .build());
                WebhookReceiver webhook = new WebhookReceiver();
                AlertServiceInstance service = AlertServiceInstance.start(
                        EmbeddedPostgresSupport.newDatabase("alert_bench"),
                        "bench",
                        Map.of(
                                "spring.kafka.bootstrap-servers", broker.getBrokersAsString(),
                                "shopwatch.alert.rules.realtime.enabled", "true",
                                "shopwatch.alert.rules.reconcile-interval", "300ms",
                                "shopwatch.openobserve.url", store.url(),
                                "shopwatch.openobserve.user", "root@example.com",
                                "shopwatch.openobserve.password", "Complexpass#123",
                                "logging.level.org.apache.kafka", "WARN"))) {
            report.add("# alert-service benchmark, " + Instant.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version());
            ingestion(service);
            scheduledRules(client);
            realtimeLatency(service, webhook, broker);
        } finally {
            broker.destroy();
            store.close();
            Path out = Path.of("target/alert-benchmark.md");
            Files.writeString(out, String.join("\n", report) + "\n");
        }
    }

    private void ingestion(AlertServiceInstance service) throws Exception {
        service.putYaml(
                "/api/v1/alerts/config",
                "ingest",
                "route: {receiver: none, group_by: [alertname]}\nreceivers: [{name: none}]\n");
        for (int batch : new int[] {1, 100}) {
            AtomicLong accepted = new AtomicLong();
            AtomicLong counter = new AtomicLong();
            int threads = 4;
            Duration run = Duration.ofSeconds(10);
            // warm-up
            post(service, batch, counter, Instant.now().plusSeconds(2), new AtomicLong());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            Instant end = Instant.now().plus(run);
            long started = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    post(service, batch, counter, end, accepted);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            report.add(String.format(
                    "POST /api/v2/alerts, %d alert(s) per request, %d client threads: %.0f alerts/s (%d in %.1f s)",
                    batch, threads, accepted.get() / seconds, accepted.get(), seconds));
        }
    }

    private static void post(
            AlertServiceInstance service, int batch, AtomicLong counter, Instant end, AtomicLong accepted)
            throws Exception {
        while (Instant.now().isBefore(end)) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < batch; i++) {
                long n = counter.incrementAndGet();
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"labels\":{\"alertname\":\"Bench\",\"instance\":\"i-")
                        .append(n % 20_000)
                        .append("\"}}");
            }
            body.append(']');
            if (service.postJson("/api/v2/alerts", "ingest", body.toString()).statusCode() == 200) {
                accepted.addAndGet(batch);
            }
        }
    }

    private void scheduledRules(OpenObserveClient client) throws Exception {
        OpenObserveClient org = client.forOrg("bench");
        for (int chunk = 0; chunk < 10; chunk++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                rows.add(Map.of(
                        "service", "svc-" + (i % 20),
                        "level", i % 17 == 0 ? "error" : "info",
                        "message", "request " + i));
            }
            org.ingest("logs", rows);
        }
        Thread.sleep(1500);
        OpenObserveRuleQueryExecutor executor = new OpenObserveRuleQueryExecutor(client, 10_000);
        List<AlertRule> rules = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            rules.add(AlertRule.compile(
                    "r" + i,
                    "bench",
                    new RuleSpec(
                            "ErrorRatio" + i,
                            "scheduled",
                            "SELECT service, SUM(CASE WHEN level = 'error' THEN 1 ELSE 0 END) AS errors, COUNT(*) AS total"
                                    + " FROM \"logs\" WHERE service = 'svc-" + (i % 20) + "' GROUP BY service",
                            "1m",
                            "10m",
                            new RuleSpec.Condition("ratio", null, "errors", "total", null, null),
                            null,
                            List.of(new RuleSpec.Severity("warning", ">", 0.05, null)),
                            null,
                            null,
                            null,
                            null,
                            true)));
        }
        for (int round = 0; round < 2; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong firing = new AtomicLong();
            long started = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            Instant now = Instant.now();
            for (AlertRule rule : rules) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    var samples = ScheduledEvaluator.evaluate(rule, executor, now);
                    var result = RuleEvaluation.evaluate(rule, samples, Map.of(), now, false);
                    firing.addAndGet(result.alerts().size());
                    latencies.add(System.nanoTime() - t0);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            if (round == 1) {
                report.add(String.format(
                        "1,000 scheduled rules (ratio over 20,000 log rows in the embedded store, 4 threads): %.2f s per"
                                + " round, %.0f rules/s; per rule p50 %.1f ms, p99 %.1f ms; %d alerts firing",
                        seconds,
                        rules.size() / seconds,
                        percentile(latencies, 50) / 1e6,
                        percentile(latencies, 99) / 1e6,
                        firing.get()));
            }
        }
    }

    private void realtimeLatency(AlertServiceInstance service, WebhookReceiver webhook, EmbeddedKafkaKraftBroker broker)
            throws Exception {
        service.putYaml("/api/v1/alerts/config", "rt", """
                route:
                  receiver: hook
                  group_by: [alertname, properties_merchant_id]
                  group_wait: 0s
                  group_interval: 5s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: '%s'
                """.formatted(webhook.url()));
        assertThat(service.postJson("/api/v1/alerts/rules", "rt", """
                                {"name": "FailedPayment", "type": "realtime",
                                 "realtime": {"matchers": ["type=\\"payment_failed\\""],
                                              "group_by": ["properties_merchant_id"], "window": "1m"},
                                 "severities": [{"severity": "critical", "op": ">=", "threshold": 1}]}
                                """).statusCode())
                .isEqualTo(201);
        Thread.sleep(3000); // the leader picks the rule up and starts reading the topic
        Map<String, Instant> sent = new ConcurrentHashMap<>();
        int events = 300;
        try (KafkaProducer<String, Envelope> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                new StringSerializer(),
                new EnvelopeSerde.EnvelopeSerializer())) {
            for (int i = 0; i < events; i++) {
                String merchant = "m-" + i;
                Instant at = Instant.now();
                sent.put(merchant, at);
                producer.send(new ProducerRecord<>(
                                Topics.STORED,
                                merchant,
                                new Envelope(
                                        UUID.randomUUID().toString(),
                                        "rt",
                                        "events",
                                        TelemetryType.EVENT,
                                        at,
                                        JSON.readTree("{\"type\":\"payment_failed\",\"properties_merchant_id\":\""
                                                + merchant + "\"}"))))
                        .get();
                Thread.sleep(33);
            }
        }
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline) && webhook.received().size() < events) {
            Thread.sleep(200);
        }
        List<Long> latencies = new ArrayList<>();
        for (WebhookReceiver.Received r : webhook.received()) {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) r.alerts().get(0).get("labels");
            Instant s = sent.get(labels.get("properties_merchant_id"));
            if (s != null && "firing".equals(r.message().get("status"))) {
                latencies.add(Duration.between(s, r.at()).toNanos());
            }
        }
        report.add(String.format(
                "real-time rule, %d events at ~30/s on shopwatch.stored, each firing its own alert (group_wait 0s):"
                        + " %d notified; detection latency from record written to webhook received p50 %.0f ms,"
                        + " p99 %.0f ms, max %.0f ms",
                events,
                latencies.size(),
                percentile(latencies, 50) / 1e6,
                percentile(latencies, 99) / 1e6,
                percentile(latencies, 100) / 1e6));
    }

    private static double percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
