package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.metrics.derived.DerivedMetricsConsumer;
import io.shopwatch.metrics.derived.DerivedState;
import io.shopwatch.metrics.ingest.SamplePublisher;
import io.shopwatch.metrics.limits.DiscardedSamples;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.MetricLimits;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.limits.SeriesTracker;
import io.shopwatch.testkit.KafkaTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.json.JsonMapper;

/** Counters derived from the stored events: through the running service, and exactly once across a crash. */
class DerivedMetricsIT extends MetricsITSupport {

    static final String RESTART_TOPIC = "derived-it-restart";
    static final String RETRY_TOPIC = "derived-it-retry";
    static final String IDLE_TOPIC = "derived-it-idle";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @Autowired
    DerivedState state;

    @Autowired
    SamplePublisher publisher;

    @Autowired
    SampleChecks checks;

    @Autowired
    SeriesTracker tracker;

    @Autowired
    LimitsProvider limits;

    @Autowired
    DiscardedSamples discarded;

    private void store(String topic, String org, String id, String document) {
        store(topic, new Envelope(id, org, "events", TelemetryType.EVENT, Instant.now(), JSON.readTree(document)));
    }

    private void store(String topic, Envelope envelope) {
        String org = envelope.org();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    topic, org + "/events", new EnvelopeSerde.EnvelopeSerializer().serialize(topic, envelope)));
        }
    }

    private List<Envelope> samplesOf(String org, int expected) {
        EnvelopeSerde.EnvelopeDeserializer reader = new EnvelopeSerde.EnvelopeDeserializer();
        List<Envelope> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            KafkaTestSupport.read(brokers, Topics.METRICS_RAW, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                    .map(r -> reader.deserialize(Topics.METRICS_RAW, r.value()))
                    .filter(e -> e.org().equals(org))
                    .forEach(found::add);
            return found.size() >= expected;
        });
        return found;
    }

    private DerivedMetricsConsumer consumer(DerivedState withState) {
        return consumer(withState, RESTART_TOPIC);
    }

    private DerivedMetricsConsumer consumer(DerivedState withState, String topic) {
        KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "derived-it-restart",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        return new DerivedMetricsConsumer(
                kafka, topic, withState, publisher, checks, tracker, limits, discarded, Clock.systemUTC());
    }

    /** One record per poll, on a clock that does not move. */
    private DerivedMetricsConsumer onePerPoll(DerivedState withState, String topic) {
        KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "derived-it-idle",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        1),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        Clock frozen = Clock.fixed(Instant.now(), java.time.ZoneOffset.UTC);
        return new DerivedMetricsConsumer(
                kafka, topic, withState, publisher, checks, tracker, limits, discarded, frozen);
    }

    private Map<String, Double> counters(String org) {
        return counters(org, RESTART_TOPIC);
    }

    private Map<String, Double> counters(String org, String topic) {
        Map<String, Double> values = new HashMap<>();
        for (int partition = 0; partition < 2; partition++) {
            state.load(topic, partition).counters().forEach((key, value) -> {
                if (key.org().equals(org)) {
                    values.merge(key.name(), value, Double::sum);
                }
            });
        }
        return values;
    }

    @Test
    void storedEvents_countedByTheRunningService() {
        String org = "derived-e2e";
        store(Topics.STORED, org, "e2e-1", """
                {"type":"order_placed","session_id":"s","properties_amount":20,"properties_currency":"EUR",
                 "properties_payment_method":"card"}""");

        List<Envelope> samples = samplesOf(org, 2);

        assertThat(samples)
                .extracting(e -> e.stream() + "=" + e.payload().get("value").asDouble() + " "
                        + e.payload().get("labels").get("job").asString())
                .containsExactlyInAnyOrder(
                        "shop_orders_total=1.0 shopwatch-derived", "shop_gmv_total=20.0 shopwatch-derived");
    }

    @Test
    void orderItems_countedPerProduct_onceEach_underIdsOfTheirOwn() {
        String org = "derived-items";
        String order = """
                {"type":"order_placed","properties_order_id":"o-1","properties_amount":30,"properties_currency":"EUR",
                 "properties_items":"[{\\"price\\":10,\\"product_id\\":\\"p-1\\",\\"quantity\\":2},\
                {\\"price\\":5,\\"product_id\\":\\"p-2\\",\\"quantity\\":1},{\\"product_id\\":\\"p-1\\"}]"}""";
        store(Topics.STORED, org, "items-1", order);
        store(Topics.STORED, org, "items-1", order); // redelivered: counted once
        store(Topics.STORED, org, "items-2", """
                {"type":"order_placed","properties":{"items":[{"product_id":"p-2","quantity":2}]}}""");

        List<Envelope> samples = samplesOf(org, 2 + 2 + 1 + 1);
        List<Envelope> sold = samples.stream()
                .filter(e -> e.stream().equals("shop_items_sold_total"))
                .toList();
        assertThat(sold)
                .extracting(e -> e.payload().get("labels").get("product").asString() + "="
                        + e.payload().get("value").asDouble())
                .containsExactlyInAnyOrder("p-1=3.0", "p-2=1.0", "p-2=3.0");
        assertThat(sold).extracting(Envelope::id).doesNotHaveDuplicates();
    }

    @Test
    void productsPastTheLabelValueLimit_areDiscarded_andTheOthersCounted() {
        String org = "derived-items-limit";
        store(RETRY_TOPIC, org, "l-1", """
                {"type":"order_placed","properties_items":"[{\\"product_id\\":\\"a\\"},{\\"product_id\\":\\"b\\"},\
                {\\"product_id\\":\\"c\\"}]"}""");
        LimitsProvider twoValues = LimitsProvider.fixed(new MetricLimits(10_000, 100_000, 30, 128, 2048, Set.of(), 2));
        KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "derived-it-limit",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        DerivedState fresh = new InMemoryState();
        DerivedMetricsConsumer consumer = new DerivedMetricsConsumer(
                kafka, RETRY_TOPIC, fresh, publisher, checks, tracker, twoValues, discarded, Clock.systemUTC());
        consumer.subscribe();
        Map<String, Double> sold = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.pollOnce(Duration.ofMillis(200));
            sold.clear();
            for (int partition = 0; partition < 2; partition++) {
                fresh.load(RETRY_TOPIC, partition).counters().forEach((key, value) -> {
                    if (key.org().equals(org) && key.name().equals("shop_items_sold_total")) {
                        sold.put(key.labels().get("product"), value);
                    }
                });
            }
            return !sold.isEmpty();
        });
        consumer.close();
        assertThat(sold)
                .as("the job and instance labels take no product's place")
                .containsOnlyKeys("a", "b");
    }

    /** A state of its own, so that a consumer with other limits counts from the start of the topic. */
    private static final class InMemoryState implements DerivedState {
        private final Map<Integer, Partition> partitions = new HashMap<>();
        private final Set<String> counted = new java.util.HashSet<>();

        @Override
        public synchronized Partition load(String topic, int partition) {
            return partitions.getOrDefault(partition, new Partition(-1, Map.of()));
        }

        @Override
        public synchronized Set<String> counted(Collection<String> keys) {
            return keys.stream().filter(counted::contains).collect(Collectors.toSet());
        }

        @Override
        public synchronized void commit(
                String topic,
                int partition,
                long nextOffset,
                Map<CounterKey, Double> changed,
                Collection<String> eventKeys,
                Instant now) {
            Map<CounterKey, Double> counters =
                    new HashMap<>(load(topic, partition).counters());
            counters.putAll(changed);
            partitions.put(partition, new Partition(nextOffset, counters));
            counted.addAll(eventKeys);
        }

        @Override
        public void forgetEventsBefore(Instant before) {}
    }

    @Test
    void crashBeforeTheStateIsSaved_eventsCountedOnce_samplesRepeatedUnderTheSameIds() {
        String org = "derived-restart";
        store(RESTART_TOPIC, org, "r-1", """
                {"type":"order_placed","properties_amount":10,"properties_currency":"EUR","properties_payment_method":"card"}""");
        store(RESTART_TOPIC, org, "r-2", """
                {"type":"order_placed","properties_amount":5.5,"properties_currency":"EUR","properties_payment_method":"card"}""");
        store(RESTART_TOPIC, org, "r-3", "{\"type\":\"payment_failed\",\"properties_provider\":\"acmepay\"}");

        // the first instance publishes the samples, then dies before its state is saved
        AtomicBoolean crashed = new AtomicBoolean();
        DerivedState crashing = new CrashBeforeCommit(state, crashed);
        DerivedMetricsConsumer first = consumer(crashing);
        first.subscribe();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                first.pollOnce(Duration.ofMillis(200));
            } catch (IllegalStateException e) {
                // the crash
            }
            return crashed.get();
        });
        first.close();
        assertThat(counters(org)).isEmpty();

        // the restarted instance reads the same events again; a second copy of r-1 and a later event follow
        DerivedMetricsConsumer second = consumer(state);
        second.subscribe();
        store(RESTART_TOPIC, org, "r-1", """
                {"type":"order_placed","properties_amount":10,"properties_currency":"EUR","properties_payment_method":"card"}""");
        store(RESTART_TOPIC, org, "r-4", "{\"type\":\"checkout_start\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            second.pollOnce(Duration.ofMillis(200));
            return counters(org).containsKey("shop_checkouts_total");
        });
        second.close();

        assertThat(counters(org))
                .containsEntry("shop_orders_total", 2.0)
                .containsEntry("shop_gmv_total", 15.5)
                .containsEntry("shop_payments_total", 1.0)
                .containsEntry("shop_checkouts_total", 1.0);
        // every sample of the crashed batch was sent twice, under the same id with the same value: the pipeline's
        // de-duplication keeps one
        List<Envelope> samples = samplesOf(org, 5 * 2 + 1);
        Map<String, Set<Double>> valuesById = samples.stream()
                .collect(Collectors.groupingBy(
                        Envelope::id,
                        Collectors.mapping(e -> e.payload().get("value").asDouble(), Collectors.toSet())));
        assertThat(valuesById).hasSize(5 + 1).allSatisfy((id, values) -> assertThat(values)
                .hasSize(1));
        assertThat(samples.stream()
                        .filter(e -> e.stream().equals("shop_orders_total"))
                        .map(e -> e.payload().get("value").asDouble())
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(1.0, 2.0);
    }

    @Test
    void failedSave_sameInstanceReadsTheBatchAgain_countedOnce() {
        String org = "derived-retry";
        store(RETRY_TOPIC, org, "t-1", "{\"type\":\"order_placed\",\"properties_payment_method\":\"card\"}");
        store(RETRY_TOPIC, org, "t-2", "{\"type\":\"order_placed\",\"properties_payment_method\":\"card\"}");
        AtomicBoolean failed = new AtomicBoolean();
        DerivedMetricsConsumer consumer = consumer(new CrashBeforeCommit(state, failed), RETRY_TOPIC);
        consumer.subscribe();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                consumer.pollOnce(Duration.ofMillis(200));
            } catch (IllegalStateException e) {
                // the failed save: the next poll reads the batch again
            }
            return failed.get() && counters(org, RETRY_TOPIC).containsKey("shop_orders_total");
        });
        store(RETRY_TOPIC, org, "t-3", "{\"type\":\"checkout_start\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.pollOnce(Duration.ofMillis(200));
            return counters(org, RETRY_TOPIC).containsKey("shop_checkouts_total");
        });
        consumer.close();

        assertThat(counters(org, RETRY_TOPIC)).containsEntry("shop_orders_total", 2.0);
    }

    @Test
    void recordsOtherThanEvents_areSkippedWithoutASavePerBatch_andTheNextEventIsCountedOnce() {
        String org = "derived-idle";
        // one partition (by the key), one record per poll: an order, twenty log lines, an order
        store(IDLE_TOPIC, org, "i-1", "{\"type\":\"order_placed\",\"properties_payment_method\":\"card\"}");
        for (int i = 0; i < 20; i++) {
            store(
                    IDLE_TOPIC,
                    new Envelope(
                            "log-" + i,
                            org,
                            "events",
                            TelemetryType.LOG,
                            Instant.now(),
                            JSON.readTree("{\"type\":\"order_placed\",\"message\":\"not an event\"}")));
        }
        store(IDLE_TOPIC, org, "i-2", "{\"type\":\"order_placed\",\"properties_payment_method\":\"card\"}");
        java.util.concurrent.atomic.AtomicInteger saves = new java.util.concurrent.atomic.AtomicInteger();
        DerivedMetricsConsumer consumer = onePerPoll(new CountingSaves(state, saves), IDLE_TOPIC);
        consumer.subscribe();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.pollOnce(Duration.ofMillis(200));
            return counters(org, IDLE_TOPIC).getOrDefault("shop_orders_total", 0.0) >= 2.0;
        });
        consumer.close();

        assertThat(counters(org, IDLE_TOPIC)).containsEntry("shop_orders_total", 2.0);
        // a save for each order, none for the twenty polls of log lines in between (the clock does not move)
        assertThat(saves.get()).isEqualTo(2);
        assertThat(java.util.stream.IntStream.range(0, 2)
                        .mapToLong(p -> state.load(IDLE_TOPIC, p).nextOffset())
                        .max()
                        .orElseThrow())
                .as("the saved position of the partition the records went to is past the last order")
                .isEqualTo(22);
    }

    /** The state of the service, counting its saves. */
    private record CountingSaves(DerivedState delegate, java.util.concurrent.atomic.AtomicInteger saves)
            implements DerivedState {

        @Override
        public Partition load(String topic, int partition) {
            return delegate.load(topic, partition);
        }

        @Override
        public Set<String> counted(Collection<String> keys) {
            return delegate.counted(keys);
        }

        @Override
        public void commit(
                String topic,
                int partition,
                long nextOffset,
                Map<CounterKey, Double> changed,
                Collection<String> eventKeys,
                Instant now) {
            saves.incrementAndGet();
            delegate.commit(topic, partition, nextOffset, changed, eventKeys, now);
        }

        @Override
        public void forgetEventsBefore(Instant before) {
            delegate.forgetEventsBefore(before);
        }
    }

    /** The state of the service, failing the first save: a crash between the samples' acknowledgement and the save. */
    private record CrashBeforeCommit(DerivedState delegate, AtomicBoolean crashed) implements DerivedState {

        @Override
        public Partition load(String topic, int partition) {
            return delegate.load(topic, partition);
        }

        @Override
        public Set<String> counted(Collection<String> keys) {
            return delegate.counted(keys);
        }

        @Override
        public void commit(
                String topic,
                int partition,
                long nextOffset,
                Map<CounterKey, Double> changed,
                Collection<String> eventKeys,
                Instant now) {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("crash");
            }
            delegate.commit(topic, partition, nextOffset, changed, eventKeys, now);
        }

        @Override
        public void forgetEventsBefore(Instant before) {
            delegate.forgetEventsBefore(before);
        }
    }
}
