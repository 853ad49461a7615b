package io.shopwatch.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code __zo_histogram} gives the bucket DuckDB's {@code time_bucket} gives, on either side of the 2001 origin. */
class HistogramBucketTest {

    @Test
    void histogramMacro_equalsTimeBucketFrom2001_forRandomTimestampsAndWidths() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (String macro : SqlFunctions.MACROS) {
                statement.execute(macro);
            }
            statement.execute("SELECT setseed(0.42)");
            // µs from 1900 to 2200 (before and after the origin, and before 1970), widths from 1 µs to 30 days
            statement.execute("CREATE TABLE t AS SELECT CAST(-2208988800000000 + random() * 9467280000000000 AS BIGINT)"
                    + " AS us, [1, 1000000, 7000000, 60000000, 300000000, 1800000000, 3600000000, 86400000000,"
                    + " 2592000000000][1 + CAST(floor(random() * 9) AS INTEGER)] AS w FROM range(200000)");
            statement.execute("INSERT INTO t VALUES (978307200000000, 60000000), (978307199999999, 60000000),"
                    + " (0, 3600000000), (-1, 3600000000), (978307200000000 - 3600000000, 3600000000)");
            try (ResultSet answer =
                    statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE __zo_histogram(us, w)"
                            + " IS DISTINCT FROM time_bucket(to_microseconds(w), make_timestamp(us),"
                            + " TIMESTAMP '2001-01-01 00:00:00')) FROM t")) {
                answer.next();
                assertThat(answer.getLong(1)).isEqualTo(200_005);
                assertThat(answer.getLong(2)).isZero();
            }
            try (ResultSet answer = statement.executeQuery(
                    "SELECT CAST(__zo_histogram(978307199999999, 60000000) AS VARCHAR),"
                            + " CAST(__zo_histogram(978307200000000, 60000000) AS VARCHAR), __zo_histogram(NULL, 60000000)")) {
                answer.next();
                assertThat(answer.getString(1)).isEqualTo("2000-12-31 23:59:00");
                assertThat(answer.getString(2)).isEqualTo("2001-01-01 00:00:00");
                assertThat(answer.getString(3)).isNull();
            }
        }
    }
}
