package io.shopwatch.store.stream;

import java.util.Locale;

/**
 * The five column types OpenObserve infers from JSON, with their Arrow names (what the streams API reports) and
 * DuckDB types. Types widen along {@code Boolean → Int64 → Float64 → Utf8} ({@code UInt64} sits beside {@code Int64}:
 * the two together widen to {@code Float64}); a value of a narrower type is cast to the column's type.
 */
public enum ValueType {
    BOOLEAN("Boolean", "BOOLEAN"),
    INT64("Int64", "BIGINT"),
    UINT64("UInt64", "UBIGINT"),
    FLOAT64("Float64", "DOUBLE"),
    UTF8("Utf8", "VARCHAR");

    private final String arrowName;
    private final String duckDbType;

    ValueType(String arrowName, String duckDbType) {
        this.arrowName = arrowName;
        this.duckDbType = duckDbType;
    }

    /** The Arrow data type name, e.g. {@code Utf8}. */
    public String arrowName() {
        return arrowName;
    }

    /** The DuckDB column type, e.g. {@code VARCHAR}. */
    public String duckDbType() {
        return duckDbType;
    }

    /** The narrowest type both values fit into. */
    public ValueType widen(ValueType other) {
        if (other == null || other == this) {
            return this;
        }
        if (this == UTF8 || other == UTF8) {
            return UTF8;
        }
        if (this == FLOAT64 || other == FLOAT64) {
            return FLOAT64;
        }
        if (this == BOOLEAN) {
            return other;
        }
        if (other == BOOLEAN) {
            return this;
        }
        // INT64 with UINT64
        return FLOAT64;
    }

    /** The type of a DuckDB column type name, or UTF8 for anything this store did not create itself. */
    public static ValueType ofDuckDb(String duckDbType) {
        String t = duckDbType.toUpperCase(Locale.ROOT);
        return switch (t) {
            case "BOOLEAN" -> BOOLEAN;
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT" -> INT64;
            case "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT" -> UINT64;
            case "DOUBLE", "FLOAT", "REAL" -> FLOAT64;
            default -> UTF8;
        };
    }
}
