package io.shopwatch.logging.ingest;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        long started = System.nanoTime();
        IngestMetrics.Outcome outcome = IngestMetrics.Outcome.REFUSED;
        try {
            IngestResponse response = ingestWithinBudget(request);
            outcome = IngestMetrics.Outcome.STORED;
            return response;
        } catch (RetryableIngestException e) {
            outcome = IngestMetrics.Outcome.UNAVAILABLE;
            throw e;
        } finally {
            metrics.latency(outcome, System.nanoTime() - started);
        }
    }

    private IngestResponse ingestWithinBudget(Request request) {
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
            List<BatchParser.Item> items = parser.parse(body, request.format(), properties.maxRecordsPerBatch());
            metrics.batch(items.size(), body.length);
            return checkAndPublish(items, request, receivedAt);
        }
    }

    private IngestResponse checkAndPublish(List<BatchParser.Item> items, Request request, Instant receivedAt) {
        MappedRecord[] mapped = new MappedRecord[items.size()];
        List<MappedRecord.Accepted> accepted = new ArrayList<>(items.size());
        int rejected = 0;
        for (int i = 0; i < mapped.length; i++) {
            BatchParser.Item item = items.get(i);
            MappedRecord record = item.error() != null
                    ? new MappedRecord.Rejected(null, RejectReason.MALFORMED, item.error())
                    : mapOne(item, request.org(), receivedAt);
            mapped[i] = record;
            if (record instanceof MappedRecord.Accepted ok) {
                accepted.add(ok);
            } else {
                MappedRecord.Rejected no = (MappedRecord.Rejected) record;
                rejected++;
                metrics.rejected(no.reason());
                log.debug(
                        "rejected {} record #{} id={} org={}: {}",
                        mapper.kind(),
                        i,
                        no.id(),
                        request.org(),
                        no.reason());
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
        return answer(mapped, accepted.size(), rejected, request.allResults());
    }

    private MappedRecord mapOne(BatchParser.Item item, String org, Instant receivedAt) {
        try {
            return mapper.map(item.node(), org, receivedAt);
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

    private static IngestResponse answer(MappedRecord[] mapped, int accepted, int rejected, boolean all) {
        List<IngestResponse.Result> results = new ArrayList<>(all ? mapped.length : rejected);
        for (int i = 0; i < mapped.length; i++) {
            MappedRecord record = mapped[i];
            if (record instanceof MappedRecord.Rejected no) {
                results.add(new IngestResponse.Result(
                        i, no.id(), IngestResponse.Result.REJECTED, no.reason().code(), no.detail()));
            } else if (all) {
                results.add(new IngestResponse.Result(i, record.id(), IngestResponse.Result.ACCEPTED, null, null));
            }
        }
        return new IngestResponse(accepted, rejected, results);
    }
}
