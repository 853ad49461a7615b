package io.shopwatch.store.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenObserve's SQL functions that map onto DuckDB, as DuckDB macros created when the database opens, plus the helper
 * macros ({@code __zo_*}) that {@link QueryPlanner}'s rewrites call. {@code match_all}, {@code histogram},
 * {@code regexp_match}, {@code json_get_*} and {@code arrow_cast} need the stream, the request or literal arguments
 * and are rewritten by {@link QueryPlanner}.
 */
public final class SqlFunctions {

    private SqlFunctions() {}

    private static final String INTEGER_TYPES =
            "('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT')";

    /** The {@code CREATE MACRO} statements, helpers before their users. */
    public static final List<String> MACROS = macros();

    /** Aggregates defined here as macros (DuckDB's own are read from {@code duckdb_functions()}). */
    public static final Set<String> MACRO_AGGREGATES = Set.of("approx_distinct", "approx_percentile_cont");

    private static List<String> macros() {
        List<String> macros = new ArrayList<>(List.of(
                // case-sensitive substring; NULL field gives NULL
                "CREATE OR REPLACE MACRO str_match(f, v) AS contains(CAST(f AS VARCHAR), v)",
                "CREATE OR REPLACE MACRO match_field(f, v) AS contains(CAST(f AS VARCHAR), v)",
                // case-insensitive substring
                "CREATE OR REPLACE MACRO str_match_ignore_case(f, v) AS contains(lower(CAST(f AS VARCHAR)), lower(v))",
                "CREATE OR REPLACE MACRO match_field_ignore_case(f, v) AS contains(lower(CAST(f AS VARCHAR)), lower(v))",
                // unanchored regular expressions
                "CREATE OR REPLACE MACRO re_match(f, p) AS regexp_matches(CAST(f AS VARCHAR), p)",
                "CREATE OR REPLACE MACRO re_not_match(f, p) AS NOT regexp_matches(CAST(f AS VARCHAR), p)",
                // DataFusion's regex flags ('i', 'm', 's', 'U') become an RE2 flag group; 'g' is refused as there
                "CREATE OR REPLACE MACRO __zo_regex_flags(fl, fn) AS CASE WHEN contains(fl, 'g')"
                        + " THEN error(fn || '() does not support the \"global\" option')"
                        + " WHEN fl = '' THEN '' ELSE '(?' || fl || ')' END",
                "CREATE OR REPLACE MACRO regexp_like(f, p) AS regexp_matches(CAST(f AS VARCHAR), p),"
                        + " (f, p, fl) AS regexp_matches(CAST(f AS VARCHAR), __zo_regex_flags(fl, 'regexp_like') || p)",
                // DataFusion names for DuckDB functions
                "CREATE OR REPLACE MACRO approx_distinct(x) AS approx_count_distinct(x)",
                "CREATE OR REPLACE MACRO approx_percentile_cont(x, q) AS approx_quantile(x, q)",
                "CREATE OR REPLACE MACRO to_timestamp_micros(x) AS make_timestamp(CAST(x AS BIGINT))",
                "CREATE OR REPLACE MACRO to_timestamp_millis(x) AS make_timestamp(CAST(x AS BIGINT) * 1000)",
                "CREATE OR REPLACE MACRO to_timestamp_seconds(x) AS make_timestamp(CAST(x AS BIGINT) * 1000000)",
                "CREATE OR REPLACE MACRO date_bin(i, ts, origin) AS time_bucket(i, ts, origin)",
                // histogram(): the start of the bucket of width w (µs) that holds the µs timestamp us, buckets counted
                // from 2001-01-01 as DataFusion's date_bin does. The same value as time_bucket(interval, ts, origin)
                // with integer arithmetic, several times cheaper per row (the floored remainder also holds before
                // the origin)
                "CREATE OR REPLACE MACRO __zo_histogram(us, w) AS"
                        + " make_timestamp(us - ((us - 978307200000000) % w + w) % w)",
                "CREATE OR REPLACE MACRO arrcount(a) AS json_array_length(a)",
                // DataFusion's name for list_extract (1-based, negative counts from the end)
                "CREATE OR REPLACE MACRO array_element(a, i) AS list_extract(a, i)",
                // a JSON value as OpenObserve's stringify_json_value writes it: strings without quotes, numbers as
                // Rust writes an f64 (12, 1.5), true/false, null, objects and arrays as compact JSON
                "CREATE OR REPLACE MACRO __zo_f64_text(d) AS CASE WHEN isfinite(d) AND d = trunc(d) AND abs(d) < 1e18"
                        + " THEN CAST(CAST(d AS HUGEINT) AS VARCHAR) ELSE CAST(d AS VARCHAR) END",
                "CREATE OR REPLACE MACRO __zo_json_text(v) AS CASE json_type(v)"
                        + " WHEN 'VARCHAR' THEN json_extract_string(v, '$') WHEN 'NULL' THEN 'null'"
                        + " WHEN 'BOOLEAN' THEN CAST(v AS VARCHAR)"
                        + " WHEN 'BIGINT' THEN __zo_f64_text(CAST(v AS DOUBLE))"
                        + " WHEN 'UBIGINT' THEN __zo_f64_text(CAST(v AS DOUBLE))"
                        + " WHEN 'DOUBLE' THEN __zo_f64_text(CAST(v AS DOUBLE)) ELSE CAST(v AS VARCHAR) END",
                // spath(field, 'a.b'): walks objects by the dot-separated keys; NULL when the text is not JSON or
                // a key is missing
                "CREATE OR REPLACE MACRO spath(f, p) AS CASE WHEN json_valid(CAST(f AS VARCHAR))"
                        + " THEN __zo_json_text(json_extract(CAST(f AS VARCHAR), '$' || array_to_string("
                        + "list_transform(string_split(p, '.'), lambda k: '.\"' || replace(k, '\"', '\\\"') || '\"'),"
                        + " ''))) END",
                // cast_to_arr(field): a JSON array as the list of its elements' text, empty strings left out; NULL
                // for anything else (an empty array too)
                "CREATE OR REPLACE MACRO cast_to_arr(f) AS CASE WHEN json_valid(CAST(f AS VARCHAR))"
                        + " AND json_type(CAST(f AS VARCHAR)) = 'ARRAY' AND json_array_length(CAST(f AS VARCHAR)) > 0"
                        + " THEN list_filter(list_transform(CAST(json_extract(CAST(f AS VARCHAR), '$[*]') AS JSON[]),"
                        + " lambda e: __zo_json_text(e)), lambda s: s <> '') END",
                // json_get_*(json, key | index, ...): QueryPlanner turns the keys into a JSON path; the value must
                // have the function's type (a string holding a number or boolean is parsed), else NULL
                "CREATE OR REPLACE MACRO __zo_json_step(k) AS CASE WHEN typeof(k) IN " + INTEGER_TYPES
                        + " THEN '[' || CAST(k AS VARCHAR) || ']'"
                        + " ELSE '.\"' || replace(CAST(k AS VARCHAR), '\"', '\\\"') || '\"' END",
                "CREATE OR REPLACE MACRO __zo_json_get_str(j, p) AS CASE WHEN json_valid(j)"
                        + " AND json_type(j, p) = 'VARCHAR' THEN json_extract_string(j, p) END",
                "CREATE OR REPLACE MACRO __zo_json_get_int(j, p) AS CASE WHEN json_valid(j) THEN CASE json_type(j, p)"
                        + " WHEN 'BIGINT' THEN TRY_CAST(json_extract(j, p) AS BIGINT)"
                        + " WHEN 'UBIGINT' THEN TRY_CAST(json_extract(j, p) AS BIGINT)"
                        + " WHEN 'VARCHAR' THEN CASE WHEN regexp_full_match(json_extract_string(j, p), '[+-]?[0-9]+')"
                        + " THEN TRY_CAST(json_extract_string(j, p) AS BIGINT) END END END",
                "CREATE OR REPLACE MACRO __zo_json_get_float(j, p) AS CASE WHEN json_valid(j) THEN CASE json_type(j, p)"
                        + " WHEN 'BIGINT' THEN CAST(json_extract(j, p) AS DOUBLE)"
                        + " WHEN 'UBIGINT' THEN CAST(json_extract(j, p) AS DOUBLE)"
                        + " WHEN 'DOUBLE' THEN CAST(json_extract(j, p) AS DOUBLE)"
                        + " WHEN 'VARCHAR' THEN TRY_CAST(json_extract_string(j, p) AS DOUBLE) END END",
                "CREATE OR REPLACE MACRO __zo_json_get_bool(j, p) AS CASE WHEN json_valid(j) THEN CASE json_type(j, p)"
                        + " WHEN 'BOOLEAN' THEN CAST(json_extract(j, p) AS BOOLEAN)"
                        + " WHEN 'VARCHAR' THEN CASE json_extract_string(j, p) WHEN 'true' THEN true"
                        + " WHEN 'false' THEN false END END END",
                "CREATE OR REPLACE MACRO __zo_json_get_json(j, p) AS CASE WHEN json_valid(j)"
                        + " THEN CAST(json_extract(j, p) AS VARCHAR) END",
                // arrow_cast(x, 'Timestamp(unit, tz)'): integers count units since the epoch, text is parsed
                "CREATE OR REPLACE MACRO __zo_to_timestamp(v, mul, div) AS CASE WHEN typeof(v) IN " + INTEGER_TYPES
                        + " THEN make_timestamp(CAST(TRY_CAST(CAST(v AS VARCHAR) AS HUGEINT) * mul // div AS BIGINT))"
                        + " ELSE CAST(CAST(v AS VARCHAR) AS TIMESTAMP) END"));
        // arrow_cast(x, 'Int64') and the other integer types: Arrow truncates floats and refuses text that is not an
        // integer (DuckDB's CAST would round both)
        for (ArrowTypes.IntegerType t : ArrowTypes.INTEGER_TYPES) {
            macros.add("CREATE OR REPLACE MACRO " + t.macro() + "(v) AS CASE"
                    + " WHEN typeof(v) IN ('FLOAT', 'DOUBLE') OR starts_with(typeof(v), 'DECIMAL')"
                    + " THEN CAST(trunc(TRY_CAST(CAST(v AS VARCHAR) AS DOUBLE)) AS " + t.duckDb() + ")"
                    + " WHEN typeof(v) = 'VARCHAR' THEN CASE WHEN regexp_full_match(CAST(v AS VARCHAR), '[+-]?[0-9]+')"
                    + " THEN CAST(CAST(v AS VARCHAR) AS " + t.duckDb() + ")"
                    + " ELSE error('Cast error: Cannot cast string ''' || CAST(v AS VARCHAR) || ''' to value of "
                    + t.arrow() + " type') END"
                    + " ELSE CAST(v AS " + t.duckDb() + ") END");
        }
        return List.copyOf(macros);
    }
}
