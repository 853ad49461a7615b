package io.shopwatch.dashboard.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A panel's data, shaped for charts.
 *
 * @param panelId the panel
 * @param type its panel type
 * @param startTime start of the range that was read, µs
 * @param endTime its end, µs
 * @param interval {@code $__interval} for this range and width
 * @param queries one result per query of the panel
 */
public record PanelData(
        String panelId, String type, long startTime, long endTime, String interval, List<QueryData> queries) {

    /**
     * One query's rows, as a table and as series.
     *
     * @param sql the query as it was run (variables put in)
     * @param columns the columns: the panel's axis fields (x, breakdown, y) in that order, then any others
     * @param rows one array per row, in the order of {@code columns}
     * @param series one series per y field (and breakdown value): points {@code [x, y]}; empty for tables
     * @param value the first y value of the first row (for metric and gauge panels), null otherwise
     * @param warning why the query answered nothing although the panel is fine, e.g. a field or stream no record
     *     has reached yet (OpenObserve refuses such a query; the panel shows an empty chart with this note instead);
     *     left out of the JSON when there is none
     */
    public record QueryData(
            String sql,
            List<Column> columns,
            List<List<Object>> rows,
            List<Series> series,
            Object value,
            @JsonInclude(JsonInclude.Include.NON_NULL) String warning) {

        public QueryData(String sql, List<Column> columns, List<List<Object>> rows, List<Series> series, Object value) {
            this(sql, columns, rows, series, value, null);
        }

        /** The same answer with a note. */
        public QueryData withWarning(String note) {
            return new QueryData(sql, columns, rows, series, value, note);
        }
    }

    /** A column: its alias in the rows, its label, and its role ({@code x}, {@code y}, {@code breakdown}, {@code other}). */
    public record Column(String alias, String label, String role) {}

    /** One line, bar group or slice set: a name and its points {@code [x, y]}. */
    public record Series(String name, List<List<Object>> points) {}
}
