package io.shopwatch.metrics.derived;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@link DerivedState} in PostgreSQL (tables of {@code V2__derived_counters.sql}). */
public final class JdbcDerivedState implements DerivedState {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public JdbcDerivedState(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public Partition load(String topic, int partition) {
        long next = jdbc.sql("SELECT next_offset FROM derived_offset WHERE topic = ? AND kafka_partition = ?")
                .params(topic, partition)
                .query(Long.class)
                .optional()
                .orElse(-1L);
        Map<CounterKey, Double> counters = new HashMap<>();
        jdbc.sql("SELECT org, name, labels, value FROM derived_counter WHERE topic = ? AND kafka_partition = ?")
                .params(topic, partition)
                .query((rs, row) -> counters.put(
                        new CounterKey(
                                rs.getString("org"),
                                rs.getString("name"),
                                JSON.readValue(rs.getString("labels"), LABELS)),
                        rs.getDouble("value")))
                .list();
        return new Partition(next, counters);
    }

    @Override
    public Set<String> counted(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT event_key FROM derived_event WHERE event_key = ANY (?)")
                .param(keys.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    @Override
    public void commit(
            String topic,
            int partition,
            long nextOffset,
            Map<CounterKey, Double> changed,
            Collection<String> eventKeys,
            Instant now) {
        transactions.executeWithoutResult(status -> {
            for (Map.Entry<CounterKey, Double> counter : changed.entrySet()) {
                CounterKey key = counter.getKey();
                jdbc.sql(
                                "INSERT INTO derived_counter (topic, kafka_partition, org, name, labels, value)"
                                        + " VALUES (?, ?, ?, ?, ?, ?)"
                                        + " ON CONFLICT (topic, kafka_partition, org, name, labels) DO UPDATE SET value = EXCLUDED.value")
                        .params(List.of(
                                topic,
                                partition,
                                key.org(),
                                key.name(),
                                JSON.writeValueAsString(new TreeMap<>(key.labels())),
                                counter.getValue()))
                        .update();
            }
            Timestamp seen = Timestamp.from(now);
            for (String event : eventKeys) {
                jdbc.sql("INSERT INTO derived_event (event_key, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(event, seen)
                        .update();
            }
            jdbc.sql("INSERT INTO derived_offset (topic, kafka_partition, next_offset) VALUES (?, ?, ?)"
                            + " ON CONFLICT (topic, kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset")
                    .params(topic, partition, nextOffset)
                    .update();
        });
    }

    @Override
    public void forgetEventsBefore(Instant before) {
        jdbc.sql("DELETE FROM derived_event WHERE seen_at < ?")
                .param(Timestamp.from(before))
                .update();
    }
}
