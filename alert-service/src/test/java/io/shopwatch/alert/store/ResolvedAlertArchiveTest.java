package io.shopwatch.alert.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.testing.StoreDatabase;
import io.shopwatch.alert.testing.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolved alerts on PostgreSQL: still held after they resolve, archived when the retention removes them or a new
 * firing of the same label set replaces them, listed once each, and pruned after the history.
 */
class ResolvedAlertArchiveTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");
    private static HikariDataSource db;

    @BeforeAll
    static void database() {
        db = StoreDatabase.create("alert_resolved_archive");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Alert alert(String name, Instant start, Instant end, Instant now) {
        return new Alert(LabelSet.of("alertname", name), Map.of("summary", name), start, end, "", now, false);
    }

    @Test
    void resolvedSince_listsHeldAndArchivedAlertsOnceEach() {
        VirtualScheduler.MutableClock clock = new VirtualScheduler.MutableClock(T0);
        AlertStore store = new AlertStore(clock, new JdbcAlertPersistence(db));
        store.put("archive-a", List.of(alert("DiskFull", T0, T0.plusSeconds(60), T0)));
        store.put("archive-a", List.of(alert("Latency", T0, T0.plus(Duration.ofHours(1)), T0)));

        clock.set(T0.plusSeconds(120));
        assertThat(store.resolvedSince("archive-a", T0, 100))
                .extracting(a -> a.labels().get("alertname"))
                .containsExactly("DiskFull");

        // the retention removes it from the alert table: it stays listed from the archive
        clock.set(T0.plus(Duration.ofHours(2)));
        store.gc(Duration.ofMinutes(30), true);
        assertThat(store.get("archive-a", LabelSet.of("alertname", "DiskFull").fingerprint()))
                .isEmpty();
        assertThat(store.resolvedSince("archive-a", T0, 100))
                .extracting(a -> a.labels().get("alertname"), Alert::endsAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Latency", T0.plus(Duration.ofHours(1))),
                        org.assertj.core.groups.Tuple.tuple("DiskFull", T0.plusSeconds(60)));
        // another store on the same database (a replica after a restart) reads the same archive
        AlertStore other = new AlertStore(clock, new JdbcAlertPersistence(db));
        assertThat(other.resolvedSince("archive-a", T0, 100))
                .extracting(a -> a.labels().get("alertname"))
                .containsExactly("Latency", "DiskFull");
        assertThat(store.resolvedSince("archive-b", T0, 100)).isEmpty();
    }

    @Test
    void newFiringOfAResolvedLabelSet_archivesTheEarlierOne() {
        VirtualScheduler.MutableClock clock = new VirtualScheduler.MutableClock(T0);
        AlertStore store = new AlertStore(clock, new JdbcAlertPersistence(db));
        store.put("archive-c", List.of(alert("Flapping", T0, T0.plusSeconds(60), T0)));
        Instant again = T0.plusSeconds(300);
        clock.set(again);
        store.put("archive-c", List.of(alert("Flapping", again, again.plus(Duration.ofHours(1)), again)));

        List<Alert> resolved = store.resolvedSince("archive-c", T0, 100);
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.startsAt()).isEqualTo(T0);
            assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(60));
        });
        assertThat(store.get("archive-c", resolved.get(0).fingerprint())
                        .orElseThrow()
                        .startsAt())
                .isEqualTo(again);
    }

    @Test
    void pruneArchive_forgetsWhatEndedBeforeTheHistory() {
        // days before the other tests' alerts, so that pruning leaves theirs alone
        Instant t = T0.minus(Duration.ofDays(10));
        VirtualScheduler.MutableClock clock = new VirtualScheduler.MutableClock(t);
        AlertStore store = new AlertStore(clock, new JdbcAlertPersistence(db));
        store.put("archive-d", List.of(alert("Old", t, t.plusSeconds(10), t)));
        clock.set(t.plus(Duration.ofHours(1)));
        store.gc(Duration.ofMinutes(30), true);
        assertThat(store.resolvedSince("archive-d", t, 100)).hasSize(1);

        clock.set(t.plus(Duration.ofHours(23)));
        assertThat(store.pruneArchive(Duration.ofHours(24))).isZero();
        clock.set(t.plus(Duration.ofHours(25)));
        assertThat(store.pruneArchive(Duration.ofHours(24))).isEqualTo(1);
        assertThat(store.resolvedSince("archive-d", t, 100)).isEmpty();
    }
}
