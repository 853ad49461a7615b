package io.shopwatch.pipeline.record;

import io.micrometer.tracing.Span;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One record on its way through the pipeline: its envelope header, where it came from, the bytes it arrived as, and
 * the flat document that will be stored. Stages change the document in place; a stage that rejects the record says
 * why with {@link #reject}. Once the stages are done the document is written as JSON once ({@link #json()}), and
 * those bytes are what the store and the stored topic receive.
 */
public final class PipelineRecord {

    /** Field of the stored document holding the record id, used for de-duplication. */
    public static final String ID_FIELD = "id";

    /** OpenObserve's timestamp field, in microseconds since the epoch. */
    public static final String TIMESTAMP_FIELD = "_timestamp";

    private final String id;
    private final String org;
    private final String stream;
    private final TelemetryType type;
    private final long timestampMicros;
    private final Source source;
    private final Map<String, Object> document;
    /** The record as it arrived; null for a record built from an {@link Envelope}. */
    private final byte[] raw;
    /** The payload as a tree: the envelope's, or parsed from {@link #raw} the first time a stage asks for it. */
    private JsonNode payload;
    /** Whether {@link #document} already holds the flattened payload (it was read straight into it). */
    private final boolean flattened;

    private Rejection rejection;
    private byte[] json;
    /** The pipeline's span of the trace this record continues; null when the record is not traced. */
    private Span span;

    /** A record whose payload is a tree; the flatten stage builds its document. */
    public PipelineRecord(Envelope envelope, Source source, Map<String, Object> document) {
        Objects.requireNonNull(envelope, "envelope");
        this.id = envelope.id();
        this.org = envelope.org();
        this.stream = envelope.stream();
        this.type = envelope.type();
        this.timestampMicros = ChronoUnit.MICROS.between(Instant.EPOCH, envelope.timestamp());
        this.source = Objects.requireNonNull(source, "source");
        this.document = new LinkedHashMap<>(document);
        this.raw = null;
        this.payload = envelope.payload();
        this.flattened = false;
    }

    /**
     * A record read from its bytes by {@link EnvelopeReader}.
     *
     * @param flatDocument the flattened payload, or an empty map when the payload was not an object (not flattened)
     */
    PipelineRecord(
            String id,
            String org,
            String stream,
            TelemetryType type,
            long timestampMicros,
            Source source,
            byte[] raw,
            Map<String, Object> flatDocument,
            boolean flattened) {
        this.id = id;
        this.org = org;
        this.stream = stream;
        this.type = type;
        this.timestampMicros = timestampMicros;
        this.source = Objects.requireNonNull(source, "source");
        this.raw = raw;
        this.document = flatDocument;
        this.flattened = flattened;
    }

    /** Where a record was read: topic, partition, offset. */
    public record Source(String topic, int partition, long offset) {}

    /** Why a record was not stored: the stage that refused it and a reason a person can act on. */
    public record Rejection(String stage, String reason) {}

    public Source source() {
        return source;
    }

    public String id() {
        return id;
    }

    public String org() {
        return org;
    }

    public String stream() {
        return stream;
    }

    public TelemetryType type() {
        return type;
    }

    /** The record's time, decided at ingestion, in microseconds since the epoch. */
    public long timestampMicros() {
        return timestampMicros;
    }

    public Instant timestamp() {
        return Instant.EPOCH.plus(timestampMicros, ChronoUnit.MICROS);
    }

    /**
     * The payload as a JSON tree, for the stages that need one (a JSON schema). Records read from bytes never build
     * it unless asked.
     */
    public JsonNode payload() {
        if (payload == null && raw != null) {
            payload = EnvelopeReader.payloadTree(raw);
        }
        return payload;
    }

    /** Whether the document already holds the flattened payload, so that the flatten stage has nothing to do. */
    public boolean isFlattened() {
        return flattened;
    }

    /**
     * The record as it arrived on the raw topic, for the dead-letter topic: its bytes, or, for a record built from an
     * {@link Envelope}, that envelope written with {@link EnvelopeSerde}.
     */
    public byte[] original() {
        if (raw != null) {
            return raw;
        }
        Envelope envelope = new Envelope(id, org, stream, type, timestamp(), payload);
        return new EnvelopeSerde().serializer().serialize(source.topic(), envelope);
    }

    /** Size of the record as it arrived, in bytes (0 for a record built from an {@link Envelope}). */
    public int rawSize() {
        return raw == null ? 0 : raw.length;
    }

    /** The document as it will be stored; stages change it in place. */
    public Map<String, Object> document() {
        return document;
    }

    /** The stored document as JSON, written once, after the stages: what the store and the stored topic receive. */
    public byte[] json() {
        if (json == null) {
            json = DocumentJson.write(document);
        }
        return json;
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
        return org + '\u0000' + stream + '\u0000' + id;
    }

    /** The pipeline's span of the trace this record continues (its Kafka trace context), or null. */
    public Span span() {
        return span;
    }

    /** Joins the record to the pipeline's span of its trace. */
    public void span(Span span) {
        this.span = span;
    }
}
