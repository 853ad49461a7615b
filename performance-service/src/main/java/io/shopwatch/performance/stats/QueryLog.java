package io.shopwatch.performance.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each org reads, for advice: reads and the farthest look-back per stream, the store's scan counters per query,
 * and the fields searched by substring ({@code LIKE '%…'}, {@code str_match}) per stream. Bounded: at most
 * {@value #MAX_QUERIES} distinct queries and {@value #MAX_FIELDS} fields per org are tracked (later ones are not).
 */
public final class QueryLog {

    static final int MAX_QUERIES = 1000;
    static final int MAX_FIELDS = 1000;

    /** Reads of one stream. */
    public record StreamReads(String stream, long reads, long maxLookbackMicros, Instant lastRead) {}

    /** Store queries of one (normalised) query. */
    public record QueryScans(String query, long runs, long scanRecords, long scanBytes, long storeMillis) {}

    /** Substring searches of one field of a stream. */
    public record FieldSearches(String stream, String field, long uses, String example) {}

    private static final Pattern LIKE =
            Pattern.compile("\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s+(?:NOT\\s+)?I?LIKE\\s+'%", Pattern.CASE_INSENSITIVE);
    private static final Pattern STR_MATCH = Pattern.compile(
            "str_match(?:_ignore_case)?\\s*\\(\\s*\"?([A-Za-z_][A-Za-z0-9_]*)\"?", Pattern.CASE_INSENSITIVE);

    /** {@code field = 'literal'} or {@code field = 123}: group 1 the field, group 2 a text literal, group 3 a number. */
    private static final Pattern EQUALS = Pattern.compile(
            "(?<![A-Za-z0-9_.])\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s*=\\s*(?:'((?:[^']|'')*)'|(-?\\d+(?:\\.\\d+)?)(?![A-Za-z0-9_]))");

    /** {@code field IN (...)}: group 1 the field, group 2 the list. */
    private static final Pattern IN = Pattern.compile(
            "(?<![A-Za-z0-9_.])\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s+IN\\s*\\(([^()]*)\\)", Pattern.CASE_INSENSITIVE);

    private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'|(-?\\d+(?:\\.\\d+)?)");

    private static final Set<String> KEYWORDS = Set.of("not", "and", "or", "where", "select", "on", "by", "having");

    /** Distinct filter values remembered per field (the evidence of its cardinality in queries). */
    static final int MAX_FILTER_VALUES = 1_000;

    /** One field compared for equality in reads of one stream: how often, with which distinct values, an example. */
    public record EqualityFilters(String stream, String field, long uses, int distinctValues, String example) {}

    private static final class EqualityAcc {
        final AtomicLong uses = new AtomicLong();
        final Set<String> values = ConcurrentHashMap.newKeySet();
        final String example;

        EqualityAcc(String example) {
            this.example = example;
        }
    }

    private static final class StreamAcc {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong maxLookback = new AtomicLong();
        final AtomicReference<Instant> last = new AtomicReference<>();
    }

    private static final class QueryAcc {
        final AtomicLong runs = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong millis = new AtomicLong();
    }

    private static final class FieldAcc {
        final AtomicLong uses = new AtomicLong();
        final String example;

        FieldAcc(String example) {
            this.example = example;
        }
    }

    private static final class OrgLog {
        final Map<String, StreamAcc> streams = new ConcurrentHashMap<>();
        final Map<String, QueryAcc> queries = new ConcurrentHashMap<>();
        final Map<List<String>, FieldAcc> fields = new ConcurrentHashMap<>();
        final Map<List<String>, EqualityAcc> equalities = new ConcurrentHashMap<>();
    }

    private final Map<String, OrgLog> orgs = new ConcurrentHashMap<>();

    /** One read of {@code streams} over {@code [startMicros, endMicros)}, asked at {@code at}. */
    public void read(String org, Set<String> streams, String query, long startMicros, long endMicros, Instant at) {
        OrgLog log = orgs.computeIfAbsent(org, o -> new OrgLog());
        long atMicros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        long lookback = startMicros > 0 && startMicros < atMicros ? atMicros - startMicros : 0;
        List<String> fields = substringFields(query);
        Map<String, Set<String>> equalities = equalityFields(query);
        for (String stream : streams) {
            StreamAcc acc = log.streams.computeIfAbsent(stream.toLowerCase(Locale.ROOT), s -> new StreamAcc());
            acc.reads.incrementAndGet();
            acc.maxLookback.accumulateAndGet(lookback, Math::max);
            acc.last.set(at);
            if (streams.size() == 1) {
                for (String field : fields) {
                    List<String> key = List.of(stream.toLowerCase(Locale.ROOT), field);
                    if (log.fields.containsKey(key) || log.fields.size() < MAX_FIELDS) {
                        log.fields
                                .computeIfAbsent(key, k -> new FieldAcc(query))
                                .uses
                                .incrementAndGet();
                    }
                }
                equalities.forEach((field, values) -> {
                    List<String> key = List.of(stream.toLowerCase(Locale.ROOT), field);
                    if (log.equalities.containsKey(key) || log.equalities.size() < MAX_FIELDS) {
                        EqualityAcc acc2 = log.equalities.computeIfAbsent(key, k -> new EqualityAcc(query));
                        acc2.uses.incrementAndGet();
                        for (String value : values) {
                            if (acc2.values.size() < MAX_FILTER_VALUES) {
                                acc2.values.add(value);
                            }
                        }
                    }
                });
            }
        }
    }

    /** One store query and what the store said it scanned. */
    public void scanned(String org, String query, long scanRecords, long scanBytes, long millis) {
        OrgLog log = orgs.computeIfAbsent(org, o -> new OrgLog());
        if (!log.queries.containsKey(query) && log.queries.size() >= MAX_QUERIES) {
            return;
        }
        QueryAcc acc = log.queries.computeIfAbsent(query, q -> new QueryAcc());
        acc.runs.incrementAndGet();
        acc.records.addAndGet(scanRecords);
        acc.bytes.addAndGet(scanBytes);
        acc.millis.addAndGet(millis);
    }

    public List<StreamReads> reads(String org) {
        OrgLog log = orgs.get(org);
        if (log == null) {
            return List.of();
        }
        List<StreamReads> reads = new ArrayList<>();
        log.streams.forEach((stream, acc) ->
                reads.add(new StreamReads(stream, acc.reads.get(), acc.maxLookback.get(), acc.last.get())));
        reads.sort(Comparator.comparing(StreamReads::stream));
        return reads;
    }

    /** The org's queries, those that scanned the most bytes first. */
    public List<QueryScans> scans(String org) {
        OrgLog log = orgs.get(org);
        if (log == null) {
            return List.of();
        }
        List<QueryScans> scans = new ArrayList<>();
        log.queries.forEach((query, acc) ->
                scans.add(new QueryScans(query, acc.runs.get(), acc.records.get(), acc.bytes.get(), acc.millis.get())));
        scans.sort(Comparator.comparingLong(QueryScans::scanBytes)
                .thenComparingLong(QueryScans::scanRecords)
                .reversed());
        return scans;
    }

    /** The org's substring-searched fields, the most used first. */
    public List<FieldSearches> fieldSearches(String org) {
        OrgLog log = orgs.get(org);
        if (log == null) {
            return List.of();
        }
        List<FieldSearches> fields = new ArrayList<>();
        log.fields.forEach(
                (key, acc) -> fields.add(new FieldSearches(key.get(0), key.get(1), acc.uses.get(), acc.example)));
        fields.sort(Comparator.comparingLong(FieldSearches::uses).reversed());
        return fields;
    }

    /** The org's fields compared for equality, the most used first. */
    public List<EqualityFilters> equalityFilters(String org) {
        OrgLog log = orgs.get(org);
        if (log == null) {
            return List.of();
        }
        List<EqualityFilters> fields = new ArrayList<>();
        log.equalities.forEach((key, acc) -> fields.add(
                new EqualityFilters(key.get(0), key.get(1), acc.uses.get(), acc.values.size(), acc.example)));
        fields.sort(Comparator.comparingLong(EqualityFilters::uses).reversed());
        return fields;
    }

    /** Every field any read of any org compared for equality. */
    public Set<String> equalityFieldNames() {
        Set<String> names = new java.util.HashSet<>();
        orgs.values().forEach(log -> log.equalities.keySet().forEach(key -> names.add(key.get(1))));
        return names;
    }

    /** The fields of one stream that reads compared for equality (lower-case stream). */
    public Set<String> equalityFieldNames(String org, String stream) {
        OrgLog log = orgs.get(org);
        if (log == null || log.equalities.isEmpty()) {
            return Set.of();
        }
        Set<String> names = new java.util.HashSet<>();
        log.equalities.keySet().forEach(key -> {
            if (key.get(0).equals(stream)) {
                names.add(key.get(1));
            }
        });
        return names;
    }

    /**
     * Fields a query compares for equality with literals ({@code f = 'x'}, {@code f = 3}, {@code f IN ('x', 'y')}),
     * with the literals; {@code _timestamp} left out.
     */
    static Map<String, Set<String>> equalityFields(String sql) {
        Map<String, Set<String>> fields = new java.util.LinkedHashMap<>();
        Matcher equals = EQUALS.matcher(sql);
        while (equals.find()) {
            String value = equals.group(2) != null ? equals.group(2) : equals.group(3);
            add(fields, equals.group(1), value);
        }
        Matcher in = IN.matcher(sql);
        while (in.find()) {
            Matcher literal = LITERAL.matcher(in.group(2));
            while (literal.find()) {
                add(fields, in.group(1), literal.group(1) != null ? literal.group(1) : literal.group(2));
            }
        }
        return fields;
    }

    private static void add(Map<String, Set<String>> fields, String field, String value) {
        if (field.equalsIgnoreCase("_timestamp") || KEYWORDS.contains(field.toLowerCase(Locale.ROOT))) {
            return;
        }
        fields.computeIfAbsent(field, f -> new java.util.LinkedHashSet<>()).add(value);
    }

    /** Fields a query searches by substring: {@code f LIKE '%…'}, {@code str_match(f, …)}. */
    static List<String> substringFields(String sql) {
        List<String> fields = new ArrayList<>();
        for (Pattern pattern : List.of(LIKE, STR_MATCH)) {
            Matcher matcher = pattern.matcher(sql);
            while (matcher.find()) {
                String field = matcher.group(1);
                if (!fields.contains(field)) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }
}
