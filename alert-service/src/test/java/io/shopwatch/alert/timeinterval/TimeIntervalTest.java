package io.shopwatch.alert.timeinterval;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.config.ConfigParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alertmanager's TestTimeMuteStage vectors: evenings and weekends in Australia/Sydney. */
class TimeIntervalTest {

    private static final Map<String, List<TimeInterval>> INTERVALS =
            ConfigParser.parse("""
                    route: {receiver: r}
                    receivers: [{name: r}]
                    time_intervals:
                      - name: evenings
                        time_intervals:
                          - times:
                              - {start_time: "00:00", end_time: "09:00"}
                              - {start_time: "17:00", end_time: "24:00"}
                            location: Australia/Sydney
                      - name: weekends
                        time_intervals:
                          - weekdays: [saturday, sunday]
                            location: Australia/Sydney
                      - name: month-end
                        time_intervals:
                          - days_of_month: ["-3:-1"]
                            months: ["january:march"]
                            years: ["2024:2025"]
                    """).timeIntervals();

    private static boolean in(String name, Instant at) {
        return TimeInterval.anyContains(INTERVALS.get(name), at);
    }

    private static Instant sydney(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), ZoneId.of("Australia/Sydney"))
                .toInstant();
    }

    @Test
    void contains_readsTimesAndWeekdaysInTheLocation() {
        assertThat(in("evenings", sydney("2024-01-01T00:00"))).isTrue();
        assertThat(in("evenings", sydney("2024-01-01T09:00"))).isFalse();
        assertThat(in("weekends", sydney("2024-01-06T10:00"))).isTrue();
        assertThat(in("evenings", sydney("2024-01-06T10:00"))).isFalse();
        assertThat(in("evenings", Instant.parse("2024-01-01T10:00:00Z"))).isTrue();
        assertThat(in("evenings", Instant.parse("2024-01-06T10:00:00Z"))).isTrue();
        assertThat(in("weekends", Instant.parse("2024-01-06T10:00:00Z"))).isTrue();
    }

    @Test
    void contains_countsNegativeDaysFromTheEndOfTheMonth() {
        assertThat(in("month-end", Instant.parse("2024-02-27T12:00:00Z"))).isTrue();
        assertThat(in("month-end", Instant.parse("2024-02-26T12:00:00Z"))).isFalse();
        assertThat(in("month-end", Instant.parse("2024-04-29T12:00:00Z"))).isFalse();
        assertThat(in("month-end", Instant.parse("2026-01-30T12:00:00Z"))).isFalse();
    }
}
