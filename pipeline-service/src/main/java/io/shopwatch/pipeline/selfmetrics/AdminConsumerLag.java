package io.shopwatch.pipeline.selfmetrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The consumer group's lag as Kafka's own {@code kafka-consumer-groups.sh --describe} computes it: per partition the
 * log-end offset minus the group's committed offset (the log-start offset when the group has committed nothing there
 * yet, since the pipeline reads from the earliest record), summed per topic. Three admin calls per reading.
 *
 * <p>{@link #close()} closes the admin client without a grace period: a reading still waiting for an unreachable
 * broker is abandoned rather than waited for ({@link Admin#close()} would wait for it as long as the call's own
 * timeout, and hold up the shutdown of the service and of the JVM).
 */
public final class AdminConsumerLag implements ConsumerLag, AutoCloseable {

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final Duration timeout;

    public AdminConsumerLag(Admin admin, String groupId, List<String> topics, Duration timeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.timeout = timeout;
    }

    @Override
    public Map<String, Long> perTopic() {
        Map<String, TopicDescription> described =
                get(admin.describeTopics(topics).allTopicNames());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription topic : described.values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                get(admin.listOffsets(latest).all());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                get(admin.listOffsets(earliest).all());
        Map<String, Long> lag = new TreeMap<>();
        ends.forEach((tp, end) -> {
            OffsetAndMetadata done = committed.get(tp);
            long from = done != null ? done.offset() : starts.get(tp).offset();
            lag.merge(tp.topic(), Math.max(0, end.offset() - from), Long::sum);
        });
        return lag;
    }

    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka could not tell the consumer lag: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not tell the consumer lag in " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the consumer lag", e);
        }
    }
}
