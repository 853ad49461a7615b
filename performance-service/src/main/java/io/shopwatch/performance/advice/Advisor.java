package io.shopwatch.performance.advice;

import io.shopwatch.performance.budget.IngestMeter;
import io.shopwatch.performance.stats.QueryLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tuning advice for one org, from what the frontend saw it read ({@link QueryLog}) and what the pipeline stored
 * ({@link IngestMeter#totals}) since the service started. Each piece of advice carries the figures it rests on.
 *
 * <ul>
 *   <li>{@code unread-stream}: a stream that stored records but was never read, once {@code minObservation} has passed;
 *   <li>{@code heavy-query}: the {@code topQueries} queries whose store answers reported the most bytes scanned;
 *   <li>{@code full-text-index}: a field searched by substring ({@code LIKE '%…'}, {@code str_match}) at least
 *       {@code minSearches} times;
 *   <li>{@code retention}: a stream read at least {@code minReads} times whose reads never looked back further than a
 *       day: the look-back its readers need;
 *   <li>{@code partition-key}: a field compared for equality ({@code f = 'x'}, {@code f IN (...)}) in at least
 *       {@code minSearches} reads of a stream, whose stored records hold at most {@code partitionMaxValues} distinct
 *       values: a partition key lets OpenObserve skip every file of the other values;
 *   <li>{@code index-field}: such a field with more distinct values than that (ids, trace ids): a partition per value
 *       would make many small files, so a bloom-filter (index) field is advised instead.
 * </ul>
 */
public final class Advisor {

    /** One piece of advice. */
    public record Recommendation(String kind, String stream, String advice, Map<String, Object> evidence) {}

    private final QueryLog queries;
    private final IngestMeter ingest;
    private final Clock clock;
    private final Instant since;
    private final Duration minObservation;
    private final int topQueries;
    private final int minSearches;
    private final int minReads;
    private final FieldCardinality cardinality;
    private final int partitionMaxValues;

    public Advisor(
            QueryLog queries,
            IngestMeter ingest,
            Clock clock,
            Duration minObservation,
            int topQueries,
            int minSearches,
            int minReads) {
        this(
                queries,
                ingest,
                clock,
                minObservation,
                topQueries,
                minSearches,
                minReads,
                new FieldCardinality(queries),
                100);
    }

    /**
     * @param cardinality the distinct values stored records hold in the fields reads filter on
     * @param partitionMaxValues most distinct values of a field advised as a partition key
     */
    public Advisor(
            QueryLog queries,
            IngestMeter ingest,
            Clock clock,
            Duration minObservation,
            int topQueries,
            int minSearches,
            int minReads,
            FieldCardinality cardinality,
            int partitionMaxValues) {
        this.cardinality = cardinality;
        this.partitionMaxValues = partitionMaxValues;
        this.queries = queries;
        this.ingest = ingest;
        this.clock = clock;
        this.since = clock.instant();
        this.minObservation = minObservation;
        this.topQueries = topQueries;
        this.minSearches = minSearches;
        this.minReads = minReads;
    }

    public List<Recommendation> recommendations(String org) {
        List<Recommendation> advice = new ArrayList<>();
        List<QueryLog.StreamReads> reads = queries.reads(org);
        Set<String> read = reads.stream().map(QueryLog.StreamReads::stream).collect(Collectors.toSet());

        boolean longEnough = !clock.instant().isBefore(since.plus(minObservation));
        if (longEnough) {
            ingest.totals(org).forEach((stream, totals) -> {
                if (totals.records() > 0 && !read.contains(stream)) {
                    advice.add(new Recommendation(
                            "unread-stream",
                            stream,
                            "Nobody read " + stream + " through the query frontend since " + since
                                    + ": shorten its retention, sample it (a budget) or stop sending it.",
                            evidence(
                                    "storedRecords", totals.records(),
                                    "storedBytes", totals.bytes(),
                                    "reads", 0,
                                    "observedSince", since.toString())));
                }
            });
        }

        queries.scans(org).stream()
                .filter(scan -> scan.scanBytes() > 0 || scan.scanRecords() > 0)
                .limit(topQueries)
                .forEach(scan -> advice.add(new Recommendation(
                        "heavy-query",
                        null,
                        "One of the queries that scan the most: narrow its time range or filter, or make it a "
                                + "histogram (GROUP BY a histogram bucket) so that the frontend caches it in pieces.",
                        evidence(
                                "query", scan.query(),
                                "runs", scan.runs(),
                                "scanRecords", scan.scanRecords(),
                                "scanBytes", scan.scanBytes(),
                                "storeMillis", scan.storeMillis()))));

        queries.fieldSearches(org).stream()
                .filter(field -> field.uses() >= minSearches)
                .forEach(field -> advice.add(new Recommendation(
                        "full-text-index",
                        field.stream(),
                        "Field " + field.field() + " of " + field.stream() + " is searched by substring: add it to "
                                + "the stream's full-text search keys (OpenObserve stream settings) so that "
                                + "searches use the index instead of scanning.",
                        evidence("field", field.field(), "searches", field.uses(), "example", field.example()))));

        for (QueryLog.EqualityFilters filter : queries.equalityFilters(org)) {
            if (filter.uses() < minSearches) {
                continue;
            }
            FieldCardinality.Seen seen = cardinality.seen(org, filter.stream(), filter.field());
            if (seen.records() == 0) {
                continue; // no stored record seen with the field: no figure to advise on
            }
            String distinct =
                    seen.more() ? "more than " + seen.distinctValues() : String.valueOf(seen.distinctValues());
            Map<String, Object> evidence = evidence(
                    "field", filter.field(),
                    "equalityFilters", filter.uses(),
                    "distinctValuesInFilters", filter.distinctValues(),
                    "storedRecordsWithField", seen.records(),
                    "distinctValuesStored", distinct,
                    "partitionMaxValues", partitionMaxValues,
                    "example", filter.example());
            if (!seen.more() && seen.distinctValues() <= partitionMaxValues) {
                advice.add(new Recommendation(
                        "partition-key",
                        filter.stream(),
                        "Field " + filter.field() + " of " + filter.stream() + " is compared for equality in "
                                + filter.uses() + " reads and holds " + distinct + " distinct values: make it a "
                                + "partition key of the stream (OpenObserve stream settings, partition type value) so "
                                + "that such reads skip the files of every other value.",
                        evidence));
            } else {
                advice.add(new Recommendation(
                        "index-field",
                        filter.stream(),
                        "Field " + filter.field() + " of " + filter.stream() + " is compared for equality in "
                                + filter.uses() + " reads but holds " + distinct + " distinct values, too many for a "
                                + "partition per value (many small files): add it to the stream's bloom filter fields "
                                + "(OpenObserve stream settings) so that such reads skip files without the value.",
                        evidence));
            }
        }

        for (QueryLog.StreamReads stream : reads) {
            long hours = Duration.ofNanos(stream.maxLookbackMicros() * 1000).toHours();
            if (stream.reads() >= minReads && stream.maxLookbackMicros() > 0 && hours < 24) {
                advice.add(new Recommendation(
                        "retention",
                        stream.stream(),
                        "Reads of " + stream.stream() + " never looked back further than " + Math.max(1, hours + 1)
                                + " h: its retention needs to cover that (and any compliance or incident needs), "
                                + "not more.",
                        evidence(
                                "reads", stream.reads(),
                                "maxLookbackHours", Math.round(stream.maxLookbackMicros() / 36e8 * 10) / 10.0,
                                "observedSince", since.toString())));
            }
        }
        return advice;
    }

    private static Map<String, Object> evidence(Object... pairs) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            evidence.put((String) pairs[i], pairs[i + 1]);
        }
        return evidence;
    }
}
