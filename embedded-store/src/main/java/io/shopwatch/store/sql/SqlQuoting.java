package io.shopwatch.store.sql;

/** Quoting of SQL identifiers and string literals, as DuckDB (and standard SQL) reads them. */
public final class SqlQuoting {

    private SqlQuoting() {}

    /** An identifier in double quotes, with embedded double quotes doubled. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A SQL string literal in single quotes, with embedded quotes doubled. */
    public static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
