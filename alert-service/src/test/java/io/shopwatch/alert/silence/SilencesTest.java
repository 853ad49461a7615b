package io.shopwatch.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.testing.VirtualScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilencesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final VirtualScheduler.MutableClock clock = new VirtualScheduler.MutableClock(T0);
    private final List<Silence> changes = new ArrayList<>();
    private final Silences silences = new Silences(clock, changes::add);

    private static Silence silence(String id, Instant start, Instant end, Matcher... matchers) {
        return new Silence(id, List.of(matchers), start, end, null, "me", "because");
    }

    @Test
    void state_isPendingActiveExpired() {
        Silence s = silences.set(silence(null, T0.plusSeconds(10), T0.plusSeconds(20), Matcher.equal("a", "b")));
        assertThat(s.state(T0)).isEqualTo(SilenceState.PENDING);
        assertThat(s.state(T0.plusSeconds(10))).isEqualTo(SilenceState.ACTIVE);
        assertThat(s.state(T0.plusSeconds(20))).isEqualTo(SilenceState.EXPIRED);
        assertThat(changes).hasSize(1);
    }

    @Test
    void set_startInThePastBecomesNow() {
        Silence s = silences.set(silence(null, T0.minusSeconds(100), T0.plusSeconds(20), Matcher.equal("a", "b")));
        assertThat(s.startsAt()).isEqualTo(T0);
        assertThat(silences.mutes(LabelSet.of("a", "b", "c", "d"))).isTrue();
        assertThat(silences.mutedBy(LabelSet.of("a", "x"))).isEmpty();
    }

    @Test
    void set_updatesInPlaceWhenOnlyTheEndOfAnActiveSilenceChanges() {
        Silence s = silences.set(silence(null, T0, T0.plusSeconds(60), Matcher.equal("a", "b")));
        clock.set(T0.plusSeconds(5));
        Silence updated = silences.set(silence(s.id(), T0, T0.plusSeconds(120), Matcher.equal("a", "b")));
        assertThat(updated.id()).isEqualTo(s.id());
        assertThat(updated.endsAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void set_replacesWithANewIdAndExpiresTheOldWhenMatchersChange() {
        Silence s = silences.set(silence(null, T0, T0.plusSeconds(60), Matcher.equal("a", "b")));
        clock.set(T0.plusSeconds(5));
        Silence replaced = silences.set(silence(s.id(), T0, T0.plusSeconds(60), Matcher.equal("a", "c")));
        assertThat(replaced.id()).isNotEqualTo(s.id());
        assertThat(silences.get(s.id()).orElseThrow().state(clock.instant())).isEqualTo(SilenceState.EXPIRED);
    }

    @Test
    void expire_endsActiveNowAndPendingBeforeItStarts() {
        Silence active = silences.set(silence(null, T0, T0.plusSeconds(60), Matcher.equal("a", "b")));
        Silence pending = silences.set(silence(null, T0.plusSeconds(30), T0.plusSeconds(60), Matcher.equal("a", "c")));
        clock.set(T0.plusSeconds(10));
        assertThat(silences.expire(active.id()).endsAt()).isEqualTo(T0.plusSeconds(10));
        Silence p = silences.expire(pending.id());
        assertThat(p.startsAt()).isEqualTo(p.endsAt());
        assertThatThrownBy(() -> silences.expire(active.id()))
                .isInstanceOfSatisfying(SilenceException.class, e -> assertThat(e.kind())
                        .isEqualTo(SilenceException.Kind.ALREADY_EXPIRED));
        assertThatThrownBy(() -> silences.expire("nope"))
                .isInstanceOfSatisfying(
                        SilenceException.class, e -> assertThat(e.kind()).isEqualTo(SilenceException.Kind.NOT_FOUND));
    }

    @Test
    void validate_rejectsMatchersThatAllMatchEmpty() {
        assertThatThrownBy(() -> silences.set(silence(null, T0, T0.plusSeconds(1), Matcher.regex("a", ".*"))))
                .hasMessageContaining("must not match the empty string");
        assertThatThrownBy(() -> silences.set(silence(null, T0, T0.plusSeconds(1))))
                .hasMessageContaining("at least one matcher");
    }

    @Test
    void all_listsActiveThenPendingThenExpired() {
        Silence expired = silences.set(silence(null, T0, T0.plusSeconds(1), Matcher.equal("a", "1")));
        Silence pending = silences.set(silence(null, T0.plusSeconds(50), T0.plusSeconds(60), Matcher.equal("a", "2")));
        Silence active = silences.set(silence(null, T0, T0.plusSeconds(60), Matcher.equal("a", "3")));
        clock.set(T0.plusSeconds(5));
        assertThat(silences.all()).extracting(Silence::id).containsExactly(active.id(), pending.id(), expired.id());
    }
}
