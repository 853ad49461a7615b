package io.shopwatch.devstack;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The yardstick of the ingestion benchmarks: the broker's own ceiling on this machine, one producer sending records of
 * a given size to a topic of its own (acks=all, idempotent, lz4), the topic deleted afterwards.
 */
final class RawProducer {

    private RawProducer() {}

    /** Records per second one producer got acknowledged, every value {@code bytes} times the letter x. */
    static double rate(StackSettings settings, int records, int bytes) throws Exception {
        byte[] value = new byte[bytes];
        Arrays.fill(value, (byte) 'x');
        return rate(settings, records, List.of(value));
    }

    /** Records per second one producer got acknowledged, the values taken in turn from {@code values}. */
    static double rate(StackSettings settings, int records, List<byte[]> values) throws Exception {
        String topic = "bench.raw." + UUID.randomUUID().toString().substring(0, 8);
        Properties admin = new Properties();
        admin.put("bootstrap.servers", settings.kafkaBootstrap());
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, KafkaBroker.PARTITIONS, (short) 1)))
                    .all()
                    .get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        double seconds;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            // the clock starts once every partition of the new topic has acknowledged a record, so that the figure is
            // the broker's throughput, not the producer's start, the new topic's metadata arriving or the close
            for (int p = 0; p < KafkaBroker.PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(topic, p, "ready", values.get(0)))
                        .get();
            }
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i), values.get(i % values.size())));
            }
            producer.flush();
            seconds = (System.nanoTime() - start) / 1e9;
        }
        try (Admin a = Admin.create(admin)) {
            a.deleteTopics(List.of(topic)).all().get();
        }
        return records / seconds;
    }
}
