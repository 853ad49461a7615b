package io.shopwatch.performance.advice;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.performance.invalidation.StoredRecordListener;
import io.shopwatch.performance.stats.QueryLog;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The distinct values stored records hold in the fields that reads compare for equality ({@link QueryLog}), counted
 * exactly up to {@link #MAX_VALUES} per field (past that: "more than"). Only those fields are looked at, so the cost
 * per stored record is a set lookup per filtered field of its stream.
 */
public final class FieldCardinality implements StoredRecordListener {

    /** Distinct values counted per field; a field past it is reported as having more. */
    public static final int MAX_VALUES = 10_000;

    /** What was seen of one field: records holding a value, distinct values (at most {@link #MAX_VALUES}). */
    public record Seen(long records, int distinctValues, boolean more) {}

    private static final class Acc {
        final AtomicLong records = new AtomicLong();
        final Set<String> values = ConcurrentHashMap.newKeySet();
        volatile boolean more;
    }

    private final QueryLog queries;
    private final Map<List<String>, Acc> fields = new ConcurrentHashMap<>();

    public FieldCardinality(QueryLog queries) {
        this.queries = queries;
    }

    /** The fields reads filtered on, in any stream: the feed reads those of each record, nothing else. */
    @Override
    public Set<String> payloadFields() {
        return queries.equalityFieldNames();
    }

    @Override
    public void stored(Envelope envelope, int bytes) {
        String stream = envelope.stream().toLowerCase(Locale.ROOT);
        Set<String> filtered = queries.equalityFieldNames(envelope.org(), stream);
        if (filtered.isEmpty() || envelope.payload() == null) {
            return;
        }
        for (String field : filtered) {
            JsonNode value = envelope.payload().get(field);
            if (value == null || value.isNull() || !value.isValueNode()) {
                continue;
            }
            Acc acc = fields.computeIfAbsent(List.of(envelope.org(), stream, field), k -> new Acc());
            acc.records.incrementAndGet();
            String text = value.asString();
            if (!acc.values.contains(text)) {
                if (acc.values.size() < MAX_VALUES) {
                    acc.values.add(text);
                } else {
                    acc.more = true;
                }
            }
        }
    }

    /** What stored records of {@code org}/{@code stream} held in {@code field} since the start, if any was seen. */
    public Seen seen(String org, String stream, String field) {
        Acc acc = fields.get(List.of(org, stream.toLowerCase(Locale.ROOT), field));
        return acc == null ? new Seen(0, 0, false) : new Seen(acc.records.get(), acc.values.size(), acc.more);
    }
}
