package io.shopwatch.store.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import io.shopwatch.store.stream.StreamSettings;
import io.shopwatch.store.stream.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class QueryPlannerTest {

    private static final ExecutorService PARSER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    private final Map<StreamKey, StreamMeta> streams = new LinkedHashMap<>();
    private final QueryPlanner planner =
            new QueryPlanner(key -> Optional.ofNullable(streams.get(key)), Set.of("count", "sum", "avg"), 1000, PARSER);

    QueryPlannerTest() {
        add("default", StreamType.LOGS, "orders", Map.of("status", ValueType.UTF8, "log", ValueType.UTF8));
        add("default", StreamType.LOGS, "plain", Map.of("n", ValueType.INT64));
        add("default", StreamType.METRICS, "cpu", Map.of("value", ValueType.FLOAT64));
        add("other", StreamType.LOGS, "secrets", Map.of("password", ValueType.UTF8));
    }

    @AfterAll
    static void stopParser() {
        PARSER.shutdownNow();
    }

    private void add(String org, StreamType type, String name, Map<String, ValueType> columns) {
        Map<String, ValueType> all = new LinkedHashMap<>();
        all.put("_timestamp", ValueType.INT64);
        all.putAll(columns);
        StreamKey key = new StreamKey(org, type, name);
        streams.put(
                key, new StreamMeta(key, "org_" + org, type.value() + "__" + name, 1, all, StreamSettings.defaults()));
    }

    private static SearchQuery query(String sql) {
        return new SearchQuery(sql, 100, 200, 0, null, false, StreamType.LOGS, 0, "ui", 0);
    }

    private QueryPlanner.Plan plan(String sql) {
        return planner.plan("default", query(sql));
    }

    private StoreException refused(String org, String sql) {
        return catchThrowableOfType(StoreException.class, () -> planner.plan(org, query(sql)));
    }

    @Test
    void plan_readsTheCallersStreamThroughTheTimeRange() {
        assertThat(plan("SELECT count(*) FROM \"orders\"").sql())
                .isEqualTo("SELECT count(*) AS \"count(*)\" FROM (SELECT * FROM \"org_default\".\"logs__orders\" WHERE"
                        + " \"_timestamp\" >= 100 AND \"_timestamp\" < 200) AS \"orders\" LIMIT 1000");
    }

    @Test
    void plan_ordersSimpleQueriesNewestFirst_andAddsTheTimestamp() {
        assertThat(plan("SELECT status FROM orders WHERE status = 'paid'").sql())
                .startsWith("SELECT _timestamp, status FROM (SELECT * FROM")
                .endsWith("WHERE status = 'paid' ORDER BY _timestamp DESC LIMIT 1000");
        assertThat(plan("SELECT status, count(*) AS c FROM orders GROUP BY status")
                        .sql())
                .doesNotContain("ORDER BY")
                .startsWith("SELECT status, count(*) AS c FROM");
    }

    @Test
    void plan_appliesFromAndTheSmallerOfSizeAndTheSqlLimit() {
        SearchQuery paged =
                new SearchQuery("SELECT * FROM orders LIMIT 5", 100, 200, 20, 3, false, StreamType.LOGS, 0, "ui", 0);
        assertThat(planner.plan("default", paged).sql()).endsWith("LIMIT 3 OFFSET 20");
        SearchQuery sqlLimit =
                new SearchQuery("SELECT * FROM orders LIMIT 5", 100, 200, 0, 0, false, StreamType.LOGS, 0, "ui", 0);
        assertThat(planner.plan("default", sqlLimit).sql()).endsWith("LIMIT 5");
        SearchQuery capped =
                new SearchQuery("SELECT * FROM orders", 100, 200, 0, 0, false, StreamType.LOGS, 0, "other", 0);
        QueryPlanner.Plan plan = planner.plan("default", capped);
        assertThat(plan.sql()).endsWith("LIMIT 1000");
        assertThat(plan.warnings()).containsExactly("Warn: results are capped to meet default limit");
    }

    @Test
    void plan_countsAllRowsWhenTotalHitsAreTracked() {
        SearchQuery tracked =
                new SearchQuery("SELECT * FROM orders", 100, 200, 0, 10, true, StreamType.LOGS, 0, "ui", 0);
        QueryPlanner.Plan plan = planner.plan("default", tracked);
        assertThat(plan.countSql()).startsWith("SELECT count(*) AS zo_sql_num FROM (SELECT * FROM (SELECT");
        assertThat(plan.countSql()).doesNotContain("LIMIT");
    }

    @Test
    void plan_onlyRunsSelect() {
        for (String sql : List.of(
                "DELETE FROM orders",
                "DROP TABLE orders",
                "INSERT INTO orders VALUES (1)",
                "UPDATE orders SET status = 'x'",
                "CREATE TABLE x (a INT)",
                "COPY orders TO '/tmp/x.csv'",
                "ATTACH '/tmp/other.duckdb' AS o",
                "SELECT 1; DROP TABLE orders")) {
            StoreException e = refused("default", sql);
            assertThat(e).as(sql).isNotNull();
            assertThat(e.status()).as(sql).isEqualTo(400);
            assertThat(e.code()).as(sql).isEqualTo(20001);
        }
    }

    @Test
    void plan_refusesTableFunctionsAndSelectInto() {
        assertThat(refused("default", "SELECT * FROM read_csv('/etc/passwd')").code())
                .isEqualTo(20001);
        assertThat(refused("default", "SELECT * INTO x FROM orders").code()).isEqualTo(20001);
    }

    @Test
    void plan_cannotReachAnotherOrganisationsStreamsOrTheCatalog() {
        assertThat(refused("default", "SELECT * FROM secrets").getMessage())
                .isEqualTo("Search stream not found: secrets");
        assertThat(refused("default", "SELECT * FROM org_other.logs__secrets").code())
                .isEqualTo(20002);
        assertThat(refused("default", "SELECT * FROM \"_zo_meta\".\"streams\"").code())
                .isEqualTo(20002);
        assertThat(refused("default", "SELECT * FROM duckdb_tables").code()).isEqualTo(20002);
        assertThat(refused("default", "SELECT * FROM orders WHERE status IN (SELECT password FROM secrets)")
                        .code())
                .isEqualTo(20002);
        assertThat(planner.plan("other", query("SELECT * FROM secrets")).sql()).contains("\"org_other\"");
    }

    @Test
    void plan_renamesTheQuerysOwnCtes() {
        String sql = plan("WITH t AS (SELECT status FROM orders) SELECT count(*) AS c FROM t")
                .sql();
        assertThat(sql)
                .startsWith("WITH \"__zo_cte_t\" AS (SELECT status FROM (SELECT * FROM \"org_default\"")
                .contains("FROM \"__zo_cte_t\" AS \"t\"");
        // a CTE named like a stream reads the stream inside its own definition
        assertThat(plan("WITH orders AS (SELECT * FROM orders) SELECT * FROM orders")
                        .sql())
                .contains("AS (SELECT * FROM (SELECT * FROM \"org_default\".\"logs__orders\"")
                .contains("FROM \"__zo_cte_orders\" AS \"orders\"");
    }

    @Test
    void plan_resolvesTypeQualifiers() {
        assertThat(plan("SELECT avg(value) AS v FROM \"metrics\".\"cpu\"").sql())
                .contains("\"org_default\".\"metrics__cpu\"");
        assertThat(refused("default", "SELECT * FROM nonsense.cpu").code()).isEqualTo(20002);
    }

    @Test
    void matchAll_searchesTheFullTextFieldsIgnoringCase() {
        assertThat(plan("SELECT * FROM orders WHERE match_all('Db.Exception*')").sql())
                .contains("WHERE ((\"log\" IS NOT NULL AND regexp_matches(\"log\", '(?i)Db\\.Exception')))");
    }

    @Test
    void matchAll_needsFullTextFieldsAndAStreamDirectly() {
        assertThat(refused("default", "SELECT * FROM plain WHERE match_all('x')")
                        .code())
                .isEqualTo(20003);
        StoreException join =
                refused("default", "SELECT * FROM orders a JOIN orders b ON a.status = b.status WHERE match_all('x')");
        assertThat(join.code()).isEqualTo(20001);
        assertThat(join.detail()).startsWith("match_all() should directly apply to stream");
        assertThat(refused("default", "WITH t AS (SELECT * FROM orders) SELECT * FROM t WHERE match_all('x')")
                        .code())
                .isEqualTo(20001);
    }

    @Test
    void histogram_becomesABucketFrom2001_andReportsItsInterval() {
        QueryPlanner.Plan plan =
                plan("SELECT histogram(_timestamp, '5 minutes') AS k, count(*) AS c FROM orders GROUP BY k");
        assertThat(plan.sql()).contains("__zo_histogram(CAST(_timestamp AS BIGINT), 300000000) AS k");
        assertThat(plan.histogramInterval()).isEqualTo(300);
        assertThat(plan("SELECT histogram(_timestamp) AS k FROM orders GROUP BY k")
                        .histogramInterval())
                .isEqualTo(1);
        assertThat(refused("default", "SELECT histogram(_timestamp, '0') AS k FROM orders GROUP BY k")
                        .detail())
                .contains("longer than 0");
    }

    @Test
    void invalidSql_isCode20001WithTheParserMessage() {
        StoreException e = refused("default", "SELEC * FROM orders");
        assertThat(e.code()).isEqualTo(20001);
        assertThat(e.getMessage()).isEqualTo("Search SQL not valid");
        assertThat(e.detail()).contains("SELEC");
    }

    @Test
    void intervals_parseOpenObservesForms() {
        assertThat(Intervals.parseMicros("10 second")).isEqualTo(10_000_000L);
        assertThat(Intervals.parseMicros("5 minutes")).isEqualTo(300_000_000L);
        assertThat(Intervals.parseMicros("1h")).isEqualTo(3_600_000_000L);
        assertThat(Intervals.parseMicros("1 hour 30 minutes")).isEqualTo(5_400_000_000L);
        assertThat(Intervals.parseMicros("604800 second")).isEqualTo(604_800_000_000L);
        assertThat(Intervals.autoSeconds(0, 3_600_000_000L)).isEqualTo(30);
        assertThat(Intervals.autoSeconds(0, 7L * 24 * 3_600_000_000L)).isEqualTo(3_600);
        assertThat(catchThrowableOfType(StoreException.class, () -> Intervals.parseMicros("soon"))
                        .code())
                .isEqualTo(20001);
    }

    private static final String ORDERS = "(SELECT * FROM \"org_default\".\"logs__orders\" WHERE \"_timestamp\" >= 100"
            + " AND \"_timestamp\" < 200) AS \"orders\"";

    @Test
    void regexpMatch_extractsEachGroup_orTheWholeMatchWithoutGroups() {
        assertThat(plan("SELECT regexp_match(log, '(a)(?:b)(?<n>c)') AS m FROM orders GROUP BY m")
                        .sql())
                .startsWith("SELECT (CASE WHEN regexp_matches(CAST(log AS VARCHAR), '(a)(?:b)(?P<n>c)') THEN"
                        + " [regexp_extract(CAST(log AS VARCHAR), '(a)(?:b)(?P<n>c)', 1),"
                        + " regexp_extract(CAST(log AS VARCHAR), '(a)(?:b)(?P<n>c)', 2)] END) AS m FROM");
        assertThat(plan("SELECT regexp_match(log, 'x+', 'i') AS m FROM orders GROUP BY m")
                        .sql())
                .startsWith("SELECT (CASE WHEN regexp_matches(CAST(log AS VARCHAR), '(?i)x+') THEN"
                        + " [regexp_extract(CAST(log AS VARCHAR), '(?i)x+', 0)] END) AS m FROM");
    }

    @Test
    void regexpMatch_refusesTheGlobalFlagAndPatternsThatAreNotLiterals() {
        StoreException global = refused("default", "SELECT regexp_match(log, 'x', 'g') FROM orders");
        assertThat(global.code()).isEqualTo(20008);
        assertThat(global.detail()).isEqualTo("regexp_match() does not support the \"global\" option");
        assertThat(refused("default", "SELECT regexp_match(log, status) FROM orders")
                        .code())
                .isEqualTo(20008);
    }

    @Test
    void regexPatterns_countCapturingGroupsOnly() {
        assertThat(RegexPatterns.captureGroups("(a)(b)")).isEqualTo(2);
        assertThat(RegexPatterns.captureGroups("(?:a)(?i)(?P<x>b)(?<y>c)")).isEqualTo(2);
        assertThat(RegexPatterns.captureGroups("\\(a\\)[(]")).isZero();
        assertThat(RegexPatterns.captureGroups("[^]()](x)")).isEqualTo(1);
        assertThat(RegexPatterns.toRe2("(?<name>x)(?<=y)\\(?<z)")).isEqualTo("(?P<name>x)(?<=y)\\(?<z)");
    }

    @Test
    void jsonGet_turnsKeysAndIndexesIntoOneJsonPath() {
        assertThat(plan("SELECT json_get_str(log, 'a', 0, 'b.c', 'it''s', 'q\"') AS v FROM orders GROUP BY v")
                        .sql())
                .startsWith(
                        "SELECT __zo_json_get_str(CAST(log AS VARCHAR), '$.\"a\"[0].\"b.c\".\"it''s\".\"q\\\"\"') AS v");
        assertThat(plan("SELECT json_get_int(log, status, 'x') AS v FROM orders GROUP BY v")
                        .sql())
                .startsWith("SELECT __zo_json_get_int(CAST(log AS VARCHAR), '$' || __zo_json_step(status) || '.\"x\"')"
                        + " AS v");
        assertThat(plan("SELECT json_get_json(log) AS v FROM orders GROUP BY v").sql())
                .startsWith("SELECT __zo_json_get_json(CAST(log AS VARCHAR), '$') AS v");
    }

    @Test
    void arrowCast_castsToTheDuckDbTypeOfTheArrowName() {
        assertThat(plan("SELECT arrow_cast(status, 'Int64') AS v FROM orders GROUP BY v")
                        .sql())
                .startsWith("SELECT __zo_to_int64(status) AS v");
        assertThat(plan("SELECT arrow_cast(status, 'Utf8') AS v FROM orders GROUP BY v")
                        .sql())
                .startsWith("SELECT CAST(status AS VARCHAR) AS v");
        assertThat(ArrowTypes.parse("Float64").before() + "x"
                        + ArrowTypes.parse("Float64").after())
                .isEqualTo("CAST(x AS DOUBLE)");
        assertThat(ArrowTypes.parse("Timestamp(Microsecond, None)").after()).isEqualTo(", 1, 1)");
        assertThat(ArrowTypes.parse("Timestamp(ms, \"+00:00\")").after()).isEqualTo(", 1000, 1)");
        assertThat(ArrowTypes.parse("Timestamp(Second, Some(\"+08:00\"))").after())
                .isEqualTo(", 1000000, 1)");
        assertThat(ArrowTypes.parse("Timestamp(ns)").after()).isEqualTo(", 1, 1000)");
        assertThat(ArrowTypes.parse("Decimal128(10, 2)").duckDb()).isEqualTo("DECIMAL(10, 2)");
        assertThat(ArrowTypes.parse("List(Int64)").duckDb()).isEqualTo("BIGINT[]");
        assertThat(ArrowTypes.parse("List(nullable Utf8, field: 'item')").duckDb())
                .isEqualTo("VARCHAR[]");
        assertThat(ArrowTypes.parse("Dictionary(Int32, Utf8)").duckDb()).isEqualTo("VARCHAR");
    }

    @Test
    void arrowCast_refusesUnknownTypesWithArrowsMessage() {
        StoreException unknown = catchThrowableOfType(StoreException.class, () -> ArrowTypes.parse("Foo"));
        assertThat(unknown.code()).isEqualTo(20008);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.detail())
                .isEqualTo("Error during planning: Unsupported type 'Foo'. Must be a supported arrow type name such as"
                        + " 'Int32' or 'Timestamp(ns)'. Error unknown token: Foo");
        assertThat(catchThrowableOfType(StoreException.class, () -> ArrowTypes.parse("Int64 x"))
                        .detail())
                .contains("trailing content");
        assertThat(catchThrowableOfType(StoreException.class, () -> ArrowTypes.parse("Timestamp(Hour, None)"))
                        .detail())
                .contains("finding TimeUnit for Timestamp, got Hour");
        assertThat(catchThrowableOfType(StoreException.class, () -> ArrowTypes.parse("Struct(\"a\": Int64)"))
                        .detail())
                .isEqualTo("arrow_cast to Struct(\"a\": Int64) is not supported by the embedded store");
        assertThat(refused("default", "SELECT arrow_cast(status, status) FROM orders")
                        .code())
                .isEqualTo(20008);
    }

    @Test
    void pivot_onAStream_isWrittenThroughTheDeParser_andNotOrderedByTime() {
        assertThat(plan("SELECT * FROM orders PIVOT (count(*) FOR status IN ('paid' AS p, 'new')) AS x")
                        .sql())
                .isEqualTo("SELECT * FROM " + ORDERS + " PIVOT (count(*) FOR status IN ('paid' AS p, 'new')) AS x"
                        + " LIMIT 1000");
    }

    @Test
    void pivot_cannotHideAnotherOrganisationsTableInItsExpressions() {
        assertThat(refused(
                                "default",
                                "SELECT * FROM (SELECT status FROM orders) PIVOT (max((SELECT max(password) FROM"
                                        + " \"org_other\".\"logs__secrets\")) FOR status IN ('paid'))")
                        .code())
                .isEqualTo(20002);
        assertThat(refused(
                                "default",
                                "SELECT * FROM (SELECT status FROM orders) PIVOT (count(*) FOR status IN"
                                        + " ((SELECT password FROM secrets)))")
                        .code())
                .isEqualTo(20002);
        assertThat(refused("default", "SELECT * FROM orders UNPIVOT (v FOR k IN (status, log))")
                        .code())
                .isEqualTo(20001);
    }

    @Test
    void namedWindows_cannotHideAnotherOrganisationsTable() {
        assertThat(refused(
                                "default",
                                "SELECT status FROM orders WINDOW w AS (PARTITION BY (SELECT max(password) FROM"
                                        + " \"org_other\".\"logs__secrets\"))")
                        .code())
                .isEqualTo(20001);
        assertThat(plan("SELECT status, row_number() OVER w AS r FROM orders WINDOW w AS (ORDER BY status)")
                        .sql())
                .contains("WINDOW w AS (ORDER BY status");
    }
}
