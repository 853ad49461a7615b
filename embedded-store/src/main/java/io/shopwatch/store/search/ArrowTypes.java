package io.shopwatch.store.search;

import io.shopwatch.store.error.StoreException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Arrow type names {@code arrow_cast(x, 'Type')} accepts (Arrow's own grammar: {@code Int64}, {@code Utf8},
 * {@code Timestamp(Microsecond, None)}, {@code Timestamp(ms, "+00:00")}, {@code Decimal128(10, 2)},
 * {@code List(Int64)}, {@code Dictionary(Int32, Utf8)}, ...) and the DuckDB expression that casts to each. A name
 * Arrow does not know is refused with Arrow's message, as OpenObserve refuses it (20008); a type Arrow knows but
 * DuckDB cannot hold (structs, maps, unions) is refused with a message saying so.
 */
public final class ArrowTypes {

    /** An Arrow integer type, the DuckDB type it becomes and the macro that casts to it. */
    public record IntegerType(String arrow, String duckDb) {
        public String macro() {
            return "__zo_to_" + arrow.toLowerCase(Locale.ROOT);
        }
    }

    public static final List<IntegerType> INTEGER_TYPES = List.of(
            new IntegerType("Int8", "TINYINT"),
            new IntegerType("Int16", "SMALLINT"),
            new IntegerType("Int32", "INTEGER"),
            new IntegerType("Int64", "BIGINT"),
            new IntegerType("UInt8", "UTINYINT"),
            new IntegerType("UInt16", "USMALLINT"),
            new IntegerType("UInt32", "UINTEGER"),
            new IntegerType("UInt64", "UBIGINT"));

    private static final Map<String, String> PLAIN = Map.ofEntries(
            Map.entry("Null", "NULL"),
            Map.entry("Boolean", "BOOLEAN"),
            Map.entry("Float16", "FLOAT"),
            Map.entry("Float32", "FLOAT"),
            Map.entry("Float64", "DOUBLE"),
            Map.entry("Utf8", "VARCHAR"),
            Map.entry("LargeUtf8", "VARCHAR"),
            Map.entry("Utf8View", "VARCHAR"),
            Map.entry("Binary", "BLOB"),
            Map.entry("LargeBinary", "BLOB"),
            Map.entry("BinaryView", "BLOB"),
            Map.entry("Date32", "DATE"),
            Map.entry("Date64", "DATE"));

    private static final List<String> UNSUPPORTED =
            List.of("Struct", "Map", "Union", "RunEndEncoded", "ListView", "LargeListView", "FixedSizeBinary");

    private ArrowTypes() {}

    /** How to cast to a type: the SQL to write before and after the value, and the DuckDB type it gives. */
    public record Cast(String before, String after, String duckDb) {}

    /** The cast to the Arrow type {@code name}, or a 20008 with Arrow's parse error. */
    public static Cast parse(String name) {
        Parser parser = new Parser(name);
        Cast cast = parser.type();
        String rest = parser.next();
        if (rest != null) {
            throw parser.error("checking trailing content after parsing '" + name.substring(0, parser.lastStart) + "'");
        }
        return cast;
    }

    private static Cast plain(String duckDb) {
        return new Cast("CAST(", " AS " + duckDb + ")", duckDb);
    }

    private static final class Parser {
        private final String text;
        private int pos;
        private int lastStart;

        Parser(String text) {
            this.text = text;
        }

        StoreException error(String message) {
            return StoreException.executeError("Error during planning: Unsupported type '" + text
                    + "'. Must be a supported arrow type name such as 'Int32' or 'Timestamp(ns)'. Error " + message);
        }

        /** The next token: a word, a quoted string (with its quotes), or one of {@code ( ) , :}; null at the end. */
        String next() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
            lastStart = pos;
            if (pos >= text.length()) {
                return null;
            }
            char c = text.charAt(pos);
            if ("(),:".indexOf(c) >= 0) {
                pos++;
                return String.valueOf(c);
            }
            if (c == '"' || c == '\'') {
                int end = text.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String quoted = text.substring(pos, end + 1);
                pos = end + 1;
                return quoted;
            }
            int start = pos;
            while (pos < text.length() && " (),:\"'".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private String word(String context) {
            String token = next();
            if (token == null) {
                throw error("finding next type for " + context + ", got end of input");
            }
            return token;
        }

        private void expect(String expected) {
            String token = next();
            if (!expected.equals(token)) {
                throw error("Expected '" + expected + "', got '" + (token == null ? "end of input" : token) + "'");
            }
        }

        private long integer(String context) {
            String token = word(context);
            try {
                return Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw error("finding i64 for " + context + ", got '" + token + "'");
            }
        }

        Cast type() {
            String word = word("type");
            String simple = PLAIN.get(word);
            if (simple != null) {
                return plain(simple);
            }
            for (IntegerType t : INTEGER_TYPES) {
                if (t.arrow().equals(word)) {
                    return new Cast(t.macro() + "(", ")", t.duckDb());
                }
            }
            switch (word) {
                case "Timestamp" -> {
                    return timestamp();
                }
                case "Time32", "Time64" -> {
                    expect("(");
                    unit(word);
                    expect(")");
                    return plain("TIME");
                }
                case "Duration" -> {
                    expect("(");
                    unit(word);
                    expect(")");
                    return plain("INTERVAL");
                }
                case "Interval" -> {
                    expect("(");
                    String unit = word("Interval");
                    if (!List.of("YearMonth", "DayTime", "MonthDayNano").contains(unit)) {
                        throw error("finding IntervalUnit for Interval, got " + unit);
                    }
                    expect(")");
                    return plain("INTERVAL");
                }
                case "Decimal32", "Decimal64", "Decimal128", "Decimal256" -> {
                    expect("(");
                    long precision = integer(word);
                    expect(",");
                    long scale = integer(word);
                    expect(")");
                    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
                        throw unsupported(word + "(" + precision + ", " + scale + ")");
                    }
                    return plain("DECIMAL(" + precision + ", " + scale + ")");
                }
                case "List", "LargeList" -> {
                    expect("(");
                    Cast element = listField();
                    expect(")");
                    return plain(element.duckDb() + "[]");
                }
                case "FixedSizeList" -> {
                    expect("(");
                    integer(word);
                    String separator = word(word);
                    if (!separator.equals(",") && !separator.equals("x")) {
                        throw error("Expected 'x' or ',' after length for FixedSizeList, got '" + separator + "'");
                    }
                    Cast element = listField();
                    expect(")");
                    return plain(element.duckDb() + "[]");
                }
                case "Dictionary" -> {
                    expect("(");
                    type();
                    expect(",");
                    Cast value = type();
                    expect(")");
                    return value;
                }
                default -> {
                    if (UNSUPPORTED.contains(word)) {
                        throw unsupported(text);
                    }
                    throw error("unknown token: " + word);
                }
            }
        }

        private Cast listField() {
            int mark = pos;
            String first = word("List");
            if (!first.equals("nullable") && !first.equals("non-null")) {
                pos = mark;
            }
            Cast element = type();
            if (element.duckDb().equals("NULL")) {
                throw unsupported(text);
            }
            mark = pos;
            if (",".equals(next())) {
                expect("field");
                expect(":");
                word("List field name");
            } else {
                pos = mark;
            }
            return element;
        }

        private String unit(String context) {
            String unit = word(context);
            return switch (unit) {
                case "s", "Second" -> "s";
                case "ms", "Millisecond" -> "ms";
                case "µs", "us", "Microsecond" -> "us";
                case "ns", "Nanosecond" -> "ns";
                default -> throw error("finding TimeUnit for " + context + ", got " + unit);
            };
        }

        private Cast timestamp() {
            expect("(");
            String unit = unit("Timestamp");
            String token = word("Timestamp");
            if (token.equals(",")) {
                String zone = word("Timestamp");
                if (zone.equals("Some")) {
                    expect("(");
                    String quoted = word("Timezone");
                    if (!quoted.startsWith("\"")) {
                        throw error("expected double quoted string for Timezone, got '" + quoted + "'");
                    }
                    expect(")");
                } else if (!zone.equals("None") && !zone.startsWith("\"")) {
                    throw error("Expected None, Some, or a timezone string, got " + zone);
                }
                expect(")");
            } else if (!token.equals(")")) {
                throw error("Expected comma followed by a timezone, or an ), got " + token);
            }
            String factors =
                    switch (unit) {
                        case "s" -> "1000000, 1";
                        case "ms" -> "1000, 1";
                        case "us" -> "1, 1";
                        default -> "1, 1000";
                    };
            return new Cast("__zo_to_timestamp(", ", " + factors + ")", "TIMESTAMP");
        }

        private StoreException unsupported(String type) {
            return StoreException.executeError("arrow_cast to " + type + " is not supported by the embedded store");
        }
    }
}
