package io.shopwatch.pipeline.record;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record on its way through the pipeline: where it came from, and the flat document that will be stored. Stages
 * change the document in place; a stage that rejects the record says why with {@link #reject}.
 */
public final class PipelineRecord {

    /** Field of the stored document holding the record id, used for de-duplication. */
    public static final String ID_FIELD = "id";

    /** OpenObserve's timestamp field, in microseconds since the epoch. */
    public static final String TIMESTAMP_FIELD = "_timestamp";

    private final Envelope envelope;
    private final Source source;
    private final Map<String, Object> document;
    private Rejection rejection;

    public PipelineRecord(Envelope envelope, Source source, Map<String, Object> document) {
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.source = Objects.requireNonNull(source, "source");
        this.document = new LinkedHashMap<>(document);
    }

    /** Where a record was read: topic, partition, offset. */
    public record Source(String topic, int partition, long offset) {}

    /** Why a record was not stored: the stage that refused it and a reason a person can act on. */
    public record Rejection(String stage, String reason) {}

    public Envelope envelope() {
        return envelope;
    }

    public Source source() {
        return source;
    }

    public String id() {
        return envelope.id();
    }

    public String org() {
        return envelope.org();
    }

    public String stream() {
        return envelope.stream();
    }

    public TelemetryType type() {
        return envelope.type();
    }

    /** The document as it will be stored; stages change it in place. */
    public Map<String, Object> document() {
        return document;
    }

    public void reject(String stage, String reason) {
        if (rejection == null) {
            rejection = new Rejection(stage, reason);
        }
    }

    public boolean isRejected() {
        return rejection != null;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** Key identifying the record for de-duplication: org, stream and id. */
    public String dedupKey() {
        return envelope.org() + '\u0000' + envelope.stream() + '\u0000' + envelope.id();
    }
}
