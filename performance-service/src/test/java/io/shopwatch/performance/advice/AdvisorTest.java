package io.shopwatch.performance.advice;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.performance.budget.IngestMeter;
import io.shopwatch.performance.stats.QueryLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdvisorTest {

    private static final String ORG = "shop";

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final QueryLog log = new QueryLog();
    private final IngestMeter meter = new IngestMeter(Set.of("payments"));
    private final Advisor advisor = new Advisor(log, meter, clock, Duration.ofHours(1), 2, 3, 10);

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L;
    }

    private List<Advisor.Recommendation> of(String kind) {
        return advisor.recommendations(ORG).stream()
                .filter(r -> r.kind().equals(kind))
                .toList();
    }

    @Test
    void streamStoredButNeverRead_isReported_onceObservedLongEnough() {
        meter.count(ORG, "audit", 500, 50_000, false);
        meter.count(ORG, "orders", 10, 1_000, false);
        log.read(ORG, Set.of("orders"), "SELECT count(*) FROM orders", 1, 2, clock.instant());
        assertThat(of("unread-stream")).isEmpty();

        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(of("unread-stream")).singleElement().satisfies(r -> {
            assertThat(r.stream()).isEqualTo("audit");
            assertThat(r.evidence()).containsEntry("storedRecords", 500L).containsEntry("reads", 0);
        });
    }

    @Test
    void queriesThatScanTheMost_comeFirst_withTheirFigures() {
        log.scanned(ORG, "SELECT * FROM a", 10, 1_000, 5);
        log.scanned(ORG, "SELECT * FROM b", 1_000, 900_000, 50);
        log.scanned(ORG, "SELECT * FROM b", 1_000, 900_000, 70);
        log.scanned(ORG, "SELECT * FROM c", 100, 50_000, 9);
        assertThat(of("heavy-query"))
                .extracting(r -> r.evidence().get("query"))
                .containsExactly("SELECT * FROM b", "SELECT * FROM c");
        assertThat(of("heavy-query").get(0).evidence())
                .containsEntry("runs", 2L)
                .containsEntry("scanBytes", 1_800_000L)
                .containsEntry("storeMillis", 120L);
    }

    @Test
    void fieldSearchedBySubstringOften_isWorthAFullTextIndex() {
        for (int i = 0; i < 3; i++) {
            log.read(ORG, Set.of("logs"), "SELECT * FROM logs WHERE message LIKE '%timeout%'", 1, 2, clock.instant());
        }
        log.read(ORG, Set.of("logs"), "SELECT * FROM logs WHERE str_match(user_agent, 'bot')", 1, 2, clock.instant());
        log.read(ORG, Set.of("logs"), "SELECT * FROM logs WHERE level = 'error'", 1, 2, clock.instant());
        assertThat(of("full-text-index")).singleElement().satisfies(r -> {
            assertThat(r.stream()).isEqualTo("logs");
            assertThat(r.evidence()).containsEntry("field", "message").containsEntry("searches", 3L);
        });
    }

    @Test
    void streamReadOftenOverShortRanges_getsItsLookBack() {
        Instant now = clock.instant();
        for (int i = 0; i < 10; i++) {
            log.read(
                    ORG,
                    Set.of("orders"),
                    "SELECT count(*) FROM orders",
                    micros(now.minusSeconds(7200)),
                    micros(now),
                    now);
        }
        log.read(ORG, Set.of("rare"), "SELECT count(*) FROM rare", micros(now.minusSeconds(600)), micros(now), now);
        assertThat(of("retention")).singleElement().satisfies(r -> {
            assertThat(r.stream()).isEqualTo("orders");
            assertThat(r.evidence()).containsEntry("reads", 10L).containsEntry("maxLookbackHours", 2.0);
        });
    }

    @Test
    void anotherOrgsFigures_areNotShown() {
        log.scanned("other", "SELECT * FROM secret", 10, 1_000, 5);
        meter.count("other", "secret", 5, 500, false);
        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(advisor.recommendations(ORG)).isEmpty();
    }
}
