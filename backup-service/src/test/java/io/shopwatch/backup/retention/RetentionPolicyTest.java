package io.shopwatch.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.backup.retention.RetentionPolicy.Candidate;
import io.shopwatch.backup.retention.RetentionPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    /** One set a day at noon for {@code days} days, newest first: d0 is today. */
    private static List<Candidate> daily(int days) {
        List<Candidate> sets = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            sets.add(new Candidate("d" + i, "streams:orders", NOW.minus(Duration.ofDays(i)), true));
        }
        return sets;
    }

    private static List<String> kept(List<Decision> decisions) {
        return decisions.stream().filter(Decision::keep).map(Decision::id).toList();
    }

    @Test
    void keepLast_keepsTheNewestN() {
        List<Decision> decisions = new RetentionPolicy(3, 0, 0, 0).apply(daily(10), ZoneOffset.UTC);
        assertThat(kept(decisions)).containsExactly("d0", "d1", "d2");
        assertThat(decisions.get(5).reasons()).containsExactly("no rule keeps it");
    }

    @Test
    void keepDaily_keepsTheNewestSetOfEachDay() {
        List<Candidate> sets = new ArrayList<>(daily(5));
        sets.add(1, new Candidate("d0-early", "streams:orders", NOW.minus(Duration.ofHours(6)), true));
        assertThat(kept(new RetentionPolicy(0, 2, 0, 0).apply(sets, ZoneOffset.UTC)))
                .containsExactly("d0", "d1");
    }

    @Test
    void keepWeeklyAndMonthly_keepTheNewestOfEachIsoWeekAndMonth() {
        // 2026-12-06 is a Sunday: d0 ends ISO week 49, d1..d6 are in it too, d7 is the Sunday of week 48
        List<Decision> weekly = new RetentionPolicy(0, 0, 3, 0).apply(daily(40), ZoneOffset.UTC);
        assertThat(kept(weekly)).containsExactly("d0", "d7", "d14");
        // d0..d5 are in December, d6..d35 in November, d36.. in October
        List<Decision> monthly = new RetentionPolicy(0, 0, 0, 3).apply(daily(40), ZoneOffset.UTC);
        assertThat(kept(monthly)).containsExactly("d0", "d6", "d36");
    }

    @Test
    void aSetKeptByTwoRules_listsBothReasons() {
        Decision newest =
                new RetentionPolicy(1, 1, 0, 0).apply(daily(3), ZoneOffset.UTC).get(0);
        assertThat(newest.reasons()).containsExactly("newest restorable set", "last 1", "daily 1");
    }

    @Test
    void theNewestRestorableSet_isKeptEvenByAnEmptyPolicy() {
        assertThat(kept(new RetentionPolicy(0, 0, 0, 0).apply(daily(4), ZoneOffset.UTC)))
                .containsExactly("d0");
    }

    @Test
    void corruptSets_areNeitherCountedNorDeleted() {
        List<Candidate> sets = new ArrayList<>(daily(4));
        sets.set(0, new Candidate("d0", "streams:orders", NOW, false));
        List<Decision> decisions = new RetentionPolicy(1, 0, 0, 0).apply(sets, ZoneOffset.UTC);
        // d0 is corrupt: kept, but the one set keepLast keeps is d1
        assertThat(kept(decisions)).containsExactly("d0", "d1");
        assertThat(decisions.get(0).reasons()).containsExactly("not restorable: not counted, not deleted");
    }

    @Test
    void groups_areDecidedSeparately() {
        List<Candidate> sets = new ArrayList<>(daily(3));
        sets.add(new Candidate("c0", "streams:carts", NOW.minus(Duration.ofDays(9)), true));
        sets.add(new Candidate("c1", "streams:carts", NOW.minus(Duration.ofDays(10)), true));
        Map<String, Boolean> keep = new RetentionPolicy(1, 0, 0, 0)
                .apply(sets, ZoneOffset.UTC).stream().collect(Collectors.toMap(Decision::id, Decision::keep));
        assertThat(keep)
                .containsEntry("d0", true)
                .containsEntry("d1", false)
                .containsEntry("c0", true)
                .containsEntry("c1", false);
    }

    @Test
    void negativeCounts_areRefused() {
        assertThatThrownBy(() -> new RetentionPolicy(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
