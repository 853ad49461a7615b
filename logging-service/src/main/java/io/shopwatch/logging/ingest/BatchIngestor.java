package io.shopwatch.logging.ingest;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * One ingestion request from body to answer, for one kind of record: reserve memory, read and parse the body, check
 * every record on its own, send the good ones to Kafka and wait for the acknowledgement, answer record by record.
 * Plain Java; the controllers only translate HTTP to {@link Request}.
 */
public final class BatchIngestor {

    private static final Logger log = LoggerFactory.getLogger(BatchIngestor.class);

    /**
     * One ingestion request as the HTTP layer hands it over.
     *
     * @param contentLength declared body length, negative when unknown
     * @param contentEncoding {@code Content-Encoding} header, may be {@code null}
     * @param allResults whether the answer lists accepted records too
     */
    public record Request(
            String org,
            BatchParser.Format format,
            InputStream body,
            long contentLength,
            String contentEncoding,
            boolean allResults) {}

    /**
     * A request whose body a protocol's {@link BatchDecoder} reads.
     *
     * @param contentLength declared body length, negative when unknown
     * @param contentEncoding {@code Content-Encoding} header, may be {@code null}
     */
    public record RawRequest(String org, InputStream body, long contentLength, String contentEncoding) {}

    /**
     * What became of every record of a request, in the order the decoder gave them.
     *
     * @param records per record: accepted (in Kafka) or rejected with its reason
     */
    public record Outcome(List<MappedRecord> records, int accepted, int rejected) {}

    private final RecordMapper mapper;
    private final BatchParser parser;
    private final KafkaPublisher publisher;
    private final InFlightBudget budget;
    private final IngestProperties properties;
    private final IngestMetrics metrics;

    public BatchIngestor(
            RecordMapper mapper,
            BatchParser parser,
            KafkaPublisher publisher,
            InFlightBudget budget,
            IngestProperties properties,
            IngestMetrics metrics) {
        this.mapper = mapper;
        this.parser = parser;
        this.publisher = publisher;
        this.budget = budget;
        this.properties = properties;
        this.metrics = metrics;
    }

    public IngestResponse ingest(Request request) {
        RawRequest raw =
                new RawRequest(request.org(), request.body(), request.contentLength(), request.contentEncoding());
        Outcome outcome;
        if (request.format() == BatchParser.Format.JSON && mapper instanceof StreamingRecordMapper streaming) {
            // a JSON array of records: each record read from the parser as it comes, no tree (see mapJson)
            outcome = ingestMapped(
                    raw,
                    (body, receivedAt) ->
                            parser.mapJson(body, properties.maxRecordsPerBatch(), new BatchParser.Mapping() {
                                @Override
                                public MappedRecord read(JsonParser json, byte[] bytes) {
                                    return streaming.read(json, bytes, request.org(), receivedAt);
                                }

                                @Override
                                public MappedRecord map(JsonNode record) {
                                    return mapOne(DecodedRecord.of(record, null), request.org(), receivedAt);
                                }
                            }));
        } else {
            BatchDecoder json = (body, maxRecords) -> parser.parse(body, request.format(), maxRecords).stream()
                    .map(item -> new DecodedRecord(item.node(), null, item.error()))
                    .toList();
            outcome = ingest(raw, json);
        }
        return answer(outcome, request.allResults());
    }

    /**
     * One request of any wire format: the body is read within the memory budget and decompressed, split by {@code
     * decoder}, every record checked by the mapper, the accepted ones sent to Kafka; returns once Kafka acknowledged
     * them.
     *
     * @throws RetryableIngestException Kafka did not acknowledge, or the service is saturated (nothing is stored)
     */
    public Outcome ingest(RawRequest request, BatchDecoder decoder) {
        return ingestMapped(request, (body, receivedAt) -> {
            List<DecodedRecord> items = decoder.decode(body, properties.maxRecordsPerBatch());
            List<MappedRecord> mapped = new ArrayList<>(items.size());
            for (DecodedRecord item : items) {
                mapped.add(
                        item.error() != null
                                ? new MappedRecord.Rejected(null, RejectReason.MALFORMED, item.error())
                                : mapOne(item, request.org(), receivedAt));
            }
            return mapped;
        });
    }

    /** Reads a request's body into the outcome of each of its records. */
    private interface BodyMapper {

        /**
         * @param body the body, read and decompressed
         * @param receivedAt when the request arrived
         */
        List<MappedRecord> map(byte[] body, Instant receivedAt);
    }

    private Outcome ingestMapped(RawRequest request, BodyMapper bodyMapper) {
        long started = System.nanoTime();
        IngestMetrics.Outcome outcome = IngestMetrics.Outcome.REFUSED;
        try {
            Outcome response = ingestWithinBudget(request, bodyMapper);
            outcome = IngestMetrics.Outcome.STORED;
            return response;
        } catch (RetryableIngestException e) {
            outcome = IngestMetrics.Outcome.UNAVAILABLE;
            throw e;
        } finally {
            metrics.latency(outcome, System.nanoTime() - started);
        }
    }

    private Outcome ingestWithinBudget(RawRequest request, BodyMapper bodyMapper) {
        long maxBody = properties.maxBodySize().toBytes();
        boolean sizeKnown = request.contentLength() >= 0 && request.contentEncoding() == null;
        long declared = sizeKnown ? Math.min(request.contentLength(), maxBody + 1) : maxBody;
        if (request.contentLength() > maxBody) {
            throw RequestBodies.tooLarge(maxBody);
        }
        InFlightBudget.Reservation reservation;
        try {
            reservation = budget.reserve(declared, properties.budgetWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableIngestException("the service is shutting down", properties.retryAfterSeconds(), e);
        }
        if (reservation == null) {
            metrics.throttled();
            throw new RetryableIngestException(
                    "too many large batches in flight; send this one again later",
                    properties.retryAfterSeconds(),
                    null);
        }
        try (reservation) {
            Instant receivedAt = Instant.now();
            byte[] body =
                    RequestBodies.read(request.body(), request.contentLength(), request.contentEncoding(), maxBody);
            reservation.shrinkTo(body.length);
            List<MappedRecord> mapped = bodyMapper.map(body, receivedAt);
            metrics.batch(mapped.size(), body.length);
            return publish(mapped, request.org());
        }
    }

    private Outcome publish(List<MappedRecord> mapped, String org) {
        List<MappedRecord.Accepted> accepted = new ArrayList<>(mapped.size());
        int rejected = 0;
        for (int i = 0; i < mapped.size(); i++) {
            MappedRecord record = mapped.get(i);
            if (record instanceof MappedRecord.Accepted ok) {
                accepted.add(ok);
            } else {
                MappedRecord.Rejected no = (MappedRecord.Rejected) record;
                rejected++;
                metrics.rejected(no.reason());
                log.debug("rejected {} record #{} id={} org={}: {}", mapper.kind(), i, no.id(), org, no.reason());
            }
        }
        try {
            publisher.publish(mapper.topic(), accepted);
        } catch (RetryableIngestException e) {
            metrics.kafkaFailed(accepted.size());
            throw e;
        }
        metrics.accepted(accepted.size());
        countByTag(accepted);
        return new Outcome(mapped, accepted.size(), rejected);
    }

    private MappedRecord mapOne(DecodedRecord item, String org, Instant receivedAt) {
        try {
            return mapper.map(item.node(), org, item.stream(), receivedAt);
        } catch (InvalidRecordException e) {
            String id = item.node().isObject() && item.node().path("id").isString()
                    ? item.node().get("id").stringValue()
                    : null;
            return new MappedRecord.Rejected(id, e.reason(), e.getMessage());
        }
    }

    private void countByTag(List<MappedRecord.Accepted> accepted) {
        if (accepted.isEmpty() || accepted.get(0).typeTag() == null) {
            return;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (MappedRecord.Accepted record : accepted) {
            counts.merge(record.typeTag(), 1, Integer::sum);
        }
        counts.forEach((tag, count) -> metrics.acceptedBy("type", tag, count));
    }

    private static IngestResponse answer(Outcome outcome, boolean all) {
        List<MappedRecord> mapped = outcome.records();
        List<IngestResponse.Result> results = new ArrayList<>(all ? mapped.size() : outcome.rejected());
        for (int i = 0; i < mapped.size(); i++) {
            MappedRecord record = mapped.get(i);
            if (record instanceof MappedRecord.Rejected no) {
                results.add(new IngestResponse.Result(
                        i, no.id(), IngestResponse.Result.REJECTED, no.reason().code(), no.detail()));
            } else if (all) {
                results.add(new IngestResponse.Result(i, record.id(), IngestResponse.Result.ACCEPTED, null, null));
            }
        }
        return new IngestResponse(outcome.accepted(), outcome.rejected(), results);
    }
}
