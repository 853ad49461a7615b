package io.shopwatch.store.search;

import java.util.List;
import java.util.Set;

/**
 * OpenObserve's SQL functions that map one to one onto DuckDB, as DuckDB macros created when the database opens.
 * {@code match_all} and {@code histogram} need the stream and the request and are rewritten by {@link QueryPlanner}.
 */
public final class SqlFunctions {

    private SqlFunctions() {}

    /** The {@code CREATE MACRO} statements. */
    public static final List<String> MACROS = List.of(
            // case-sensitive substring; NULL field gives NULL
            "CREATE OR REPLACE MACRO str_match(f, v) AS contains(CAST(f AS VARCHAR), v)",
            "CREATE OR REPLACE MACRO match_field(f, v) AS contains(CAST(f AS VARCHAR), v)",
            // case-insensitive substring
            "CREATE OR REPLACE MACRO str_match_ignore_case(f, v) AS contains(lower(CAST(f AS VARCHAR)), lower(v))",
            "CREATE OR REPLACE MACRO match_field_ignore_case(f, v) AS contains(lower(CAST(f AS VARCHAR)), lower(v))",
            // unanchored regular expressions
            "CREATE OR REPLACE MACRO re_match(f, p) AS regexp_matches(CAST(f AS VARCHAR), p)",
            "CREATE OR REPLACE MACRO re_not_match(f, p) AS NOT regexp_matches(CAST(f AS VARCHAR), p)",
            "CREATE OR REPLACE MACRO regexp_like(f, p) AS regexp_matches(CAST(f AS VARCHAR), p)",
            // DataFusion names for DuckDB functions
            "CREATE OR REPLACE MACRO approx_distinct(x) AS approx_count_distinct(x)",
            "CREATE OR REPLACE MACRO approx_percentile_cont(x, q) AS approx_quantile(x, q)",
            "CREATE OR REPLACE MACRO to_timestamp_micros(x) AS make_timestamp(CAST(x AS BIGINT))",
            "CREATE OR REPLACE MACRO to_timestamp_millis(x) AS make_timestamp(CAST(x AS BIGINT) * 1000)",
            "CREATE OR REPLACE MACRO to_timestamp_seconds(x) AS make_timestamp(CAST(x AS BIGINT) * 1000000)",
            "CREATE OR REPLACE MACRO date_bin(i, ts, origin) AS time_bucket(i, ts, origin)",
            "CREATE OR REPLACE MACRO json_get_str(j, k) AS json_extract_string(j, '$.' || k)",
            "CREATE OR REPLACE MACRO json_get_int(j, k) AS TRY_CAST(json_extract(j, '$.' || k) AS BIGINT)",
            "CREATE OR REPLACE MACRO json_get_float(j, k) AS TRY_CAST(json_extract(j, '$.' || k) AS DOUBLE)",
            "CREATE OR REPLACE MACRO json_get_bool(j, k) AS TRY_CAST(json_extract(j, '$.' || k) AS BOOLEAN)",
            "CREATE OR REPLACE MACRO arrcount(a) AS json_array_length(a)");

    /** Aggregates defined here as macros (DuckDB's own are read from {@code duckdb_functions()}). */
    public static final Set<String> MACRO_AGGREGATES = Set.of("approx_distinct", "approx_percentile_cont");
}
