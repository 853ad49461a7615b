package io.shopwatch.performance.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The regulator on a virtual clock: traffic is simulated second by second, each record kept with the stream's current
 * rate (deterministically: the expected number), what is kept is counted as stored, and the regulator ticks every 10
 * virtual seconds.
 */
class BudgetRegulatorTest {

    private static final String ORG = "shop";
    private static final int RECORD_BYTES = 100;

    /** A clock the test moves. */
    private static final class VirtualClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    private final VirtualClock clock = new VirtualClock();
    private final IngestMeter meter = new IngestMeter(Set.of("payments"));
    private final SamplingController controller = new SamplingController(0.5, 0.1, 0.001);
    private final double[] carry = new double[8];

    private BudgetRegulator regulator(Map<String, Budget> streamBudgets, Budget orgBudget) {
        return new BudgetRegulator(
                meter,
                org -> orgBudget,
                (org, stream) -> streamBudgets.getOrDefault(stream, Budget.NONE),
                controller,
                clock);
    }

    /** One virtual second of {@code perSecond} sampleable and {@code errors} error records on a stream. */
    private void second(BudgetRegulator regulator, String stream, int slot, double perSecond, double errors) {
        double kept = perSecond * regulator.rate(ORG, stream) + carry[slot];
        long whole = (long) kept;
        carry[slot] = kept - whole;
        meter.count(ORG, stream, whole, whole * RECORD_BYTES, false);
        meter.count(ORG, stream, (long) errors, (long) errors * RECORD_BYTES, true);
    }

    /** Runs {@code seconds} of traffic, ticking every 10 s; returns the stored sampleable rate and rate of each tick. */
    private List<double[]> run(BudgetRegulator regulator, int seconds, double perSecond, double errors) {
        List<double[]> ticks = new ArrayList<>();
        for (int s = 1; s <= seconds; s++) {
            second(regulator, "web", 0, perSecond, errors);
            clock.advance(Duration.ofSeconds(1));
            if (s % 10 == 0) {
                regulator.tick();
                SamplingRate rate = regulator.rates(ORG).get(0);
                ticks.add(new double[] {rate.storedPerSecond(), rate.rate(), rate.exemptPerSecond()});
            }
        }
        return ticks;
    }

    @Test
    void spike_convergesToTheBudgetAtOnce_holdsWithoutOscillating_andRecoversDamped() {
        BudgetRegulator regulator = regulator(Map.of("web", new Budget(200, 0)), Budget.NONE);

        List<double[]> calm = run(regulator, 60, 100, 0);
        assertThat(calm).allSatisfy(tick -> assertThat(tick[1]).isEqualTo(1.0));

        // a spike to 10x: the first tick sees 1000/s stored, and the rate drops to 200/1000 at once
        List<double[]> spike = run(regulator, 300, 1000, 0);
        assertThat(spike.get(0)[0]).isCloseTo(1000, within(1.0));
        assertThat(spike.get(0)[1]).isCloseTo(0.2, within(1e-9));
        // from the second tick on the stored rate stays within 10 % of the budget, and the rate never moves again
        for (double[] tick : spike.subList(1, spike.size())) {
            assertThat(tick[0]).isBetween(180.0, 220.0);
            assertThat(tick[1]).isCloseTo(0.2, within(1e-9));
        }

        // the spike ends: the rate rises by at most 50 % per tick, never overshooting the budget, back to 1
        List<double[]> after = run(regulator, 200, 100, 0);
        double previous = 0.2;
        for (double[] tick : after) {
            assertThat(tick[1]).isGreaterThanOrEqualTo(previous);
            assertThat(tick[1]).isLessThanOrEqualTo(previous * 1.5 + 1e-9);
            assertThat(tick[0]).isLessThanOrEqualTo(220.0);
            previous = tick[1];
        }
        assertThat(previous).isEqualTo(1.0);
    }

    @Test
    void noisyTraffic_aroundTheBudget_doesNotMakeTheRateSwing() {
        BudgetRegulator regulator = regulator(Map.of("web", new Budget(200, 0)), Budget.NONE);
        run(regulator, 30, 1000, 0);
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            // incoming alternates 5 % above and below 1000/s
            double perSecond = round % 2 == 0 ? 1050 : 950;
            rates.add(run(regulator, 10, perSecond, 0).get(0)[1]);
        }
        assertThat(rates.stream().distinct().count()).isEqualTo(1);
    }

    @Test
    void errors_areNeverSampled_andCountAgainstTheBudget() {
        BudgetRegulator regulator = regulator(Map.of("web", new Budget(200, 0)), Budget.NONE);
        List<double[]> ticks = run(regulator, 200, 1000, 50);
        double[] last = ticks.get(ticks.size() - 1);
        assertThat(last[2]).isEqualTo(50.0); // every error stored
        assertThat(last[0] + last[2]).isBetween(180.0, 220.0); // errors and sampled records within the budget
        assertThat(last[1]).isCloseTo(150.0 / 1000, within(0.02));
    }

    @Test
    void bytesPerDay_isEnforcedAsItsAveragePerSecond() {
        // 8.64 MB/day = 100 B/s = 1 record of 100 B per second
        BudgetRegulator regulator = regulator(Map.of("web", new Budget(0, 8_640_000)), Budget.NONE);
        List<double[]> ticks = run(regulator, 300, 50, 0);
        assertThat(ticks.get(ticks.size() - 1)[0]).isBetween(0.9, 1.1);
        assertThat(regulator.rates(ORG).get(0).limitedBy()).isEqualTo("stream bytes/day");
    }

    @Test
    void orgBudget_isSharedOverItsStreams_andANeverSampledStreamKeepsEveryRecord() {
        BudgetRegulator regulator = regulator(Map.of(), new Budget(300, 0));
        double[] stored = new double[2];
        for (int s = 1; s <= 400; s++) {
            second(regulator, "web", 0, 900, 0);
            second(regulator, "api", 1, 300, 0);
            meter.count(ORG, "payments", 100, 100L * RECORD_BYTES, false);
            clock.advance(Duration.ofSeconds(1));
            if (s % 10 == 0) {
                regulator.tick();
            }
        }
        for (SamplingRate rate : regulator.rates(ORG)) {
            switch (rate.stream()) {
                case "payments" -> {
                    assertThat(rate.rate()).isEqualTo(1.0);
                    assertThat(rate.neverSampled()).isTrue();
                }
                case "web" -> stored[0] = rate.storedPerSecond();
                case "api" -> stored[1] = rate.storedPerSecond();
                default -> throw new AssertionError(rate.stream());
            }
        }
        // 300/s for the org, 100/s of it payments: the 200/s left go 3:1 to web and api, as their traffic
        assertThat(stored[0] + stored[1] + 100).isBetween(270.0, 330.0);
        assertThat(stored[0] / stored[1]).isCloseTo(3.0, within(0.3));
        assertThat(regulator.rates(ORG))
                .filteredOn(rate -> !rate.neverSampled())
                .allSatisfy(rate -> assertThat(rate.limitedBy()).isEqualTo("org records/s"));
    }

    @Test
    void unlimitedStream_keepsRateOne() {
        BudgetRegulator regulator = regulator(Map.of(), Budget.NONE);
        run(regulator, 50, 5000, 0);
        assertThat(regulator.rates(ORG).get(0).rate()).isEqualTo(1.0);
        assertThat(regulator.rates(ORG).get(0).targetPerSecond()).isNull();
    }

    @Test
    void silentStream_rateRisesDampedBackToOne_publishedEachTick() {
        BudgetRegulator regulator = regulator(Map.of("web", new Budget(200, 0)), Budget.NONE);
        run(regulator, 100, 1000, 0);
        assertThat(regulator.rate(ORG, "web")).isCloseTo(0.2, within(1e-9));

        // the stream stops sending: each tick sees nothing stored and raises the rate by at most 50 %, until 1
        double previous = 0.2;
        int ticks = 0;
        while (previous < 1.0) {
            clock.advance(Duration.ofSeconds(10));
            List<SamplingRate> published = regulator.tick();
            double next = regulator.rate(ORG, "web");
            assertThat(next).isGreaterThan(previous).isLessThanOrEqualTo(previous * 1.5 + 1e-9);
            assertThat(published).extracting(SamplingRate::rate).containsExactly(next);
            previous = next;
            assertThat(++ticks).isLessThan(10);
        }
        // back at 1 and still silent: nothing more to publish
        clock.advance(Duration.ofSeconds(10));
        assertThat(regulator.tick()).isEmpty();
    }

    @Test
    void rateBelowOne_isPublishedAgainEveryTick_whileItHolds() {
        BudgetRegulator regulator = regulator(Map.of("web", new Budget(200, 0)), Budget.NONE);
        run(regulator, 30, 1000, 0);
        for (int round = 0; round < 5; round++) {
            for (int s = 0; s < 10; s++) {
                second(regulator, "web", 0, 1000, 0);
                clock.advance(Duration.ofSeconds(1));
            }
            // unchanged, but repeated: readers let a rate that is not repeated expire
            assertThat(regulator.tick()).singleElement().satisfies(rate -> assertThat(rate.rate())
                    .isCloseTo(0.2, within(1e-9)));
        }
    }

    @Test
    void unlimitedStream_atRateOne_isNotPublishedAgain() {
        BudgetRegulator regulator = regulator(Map.of(), Budget.NONE);
        run(regulator, 10, 100, 0);
        second(regulator, "web", 0, 100, 0);
        clock.advance(Duration.ofSeconds(10));
        assertThat(regulator.tick()).isEmpty();
    }

    private static BudgetProperties budgets(double webRecordsPerSecond, double maxIncrease, String... neverSampled) {
        return new BudgetProperties(
                true,
                Duration.ofSeconds(10),
                0,
                0,
                0,
                0,
                List.of(new BudgetProperties.Limit(ORG, "web", webRecordsPerSecond, 0)),
                List.of(neverSampled),
                maxIncrease,
                0.1,
                0.001,
                "shopwatch.sampling");
    }

    @Test
    void changedBudget_movesTheRateFromWhereItIs_withoutResetOrOscillation() {
        DynamicBudgets budgets = new DynamicBudgets(budgets(200, 0.5, "payments"));
        BudgetRegulator regulator =
                new BudgetRegulator(meter, budgets::org, budgets::stream, budgets::controller, clock);
        run(regulator, 100, 1000, 0);
        assertThat(regulator.rate(ORG, "web")).isCloseTo(0.2, within(1e-9));

        // a lower budget: the next round lowers the rate at once, from 0.2, not from 1
        assertThat(budgets.replace(budgets(100, 0.5, "payments"))).isTrue();
        List<double[]> lower = run(regulator, 100, 1000, 0);
        assertThat(lower.get(0)[1]).isCloseTo(0.1, within(1e-9));
        assertThat(lower).allSatisfy(tick -> assertThat(tick[1]).isCloseTo(0.1, within(1e-9)));

        // a higher budget and a smaller max-increase: the rate rises damped by the new cap, never above the target
        assertThat(budgets.replace(budgets(400, 0.2, "payments"))).isTrue();
        List<double[]> higher = run(regulator, 200, 1000, 0);
        double previous = 0.1;
        for (double[] tick : higher) {
            assertThat(tick[1]).isGreaterThanOrEqualTo(previous);
            assertThat(tick[1]).isLessThanOrEqualTo(previous * 1.2 + 1e-9);
            assertThat(tick[0]).isLessThanOrEqualTo(440.0);
            previous = tick[1];
        }
        assertThat(higher.get(0)[1]).isCloseTo(0.12, within(1e-9));
        assertThat(previous).isCloseTo(0.4, within(1e-3));
        // and it holds there
        double reached = previous;
        assertThat(run(regulator, 50, 1000, 0))
                .allSatisfy(tick -> assertThat(tick[1]).isCloseTo(reached, within(1e-9)));
    }

    @Test
    void streamMadeNeverSampled_keepsEveryRecordFromTheNextRound() {
        DynamicBudgets budgets = new DynamicBudgets(budgets(200, 0.5, "payments"));
        budgets.subscribe(b -> meter.neverSampled(b.neverSampled()));
        BudgetRegulator regulator =
                new BudgetRegulator(meter, budgets::org, budgets::stream, budgets::controller, clock);
        run(regulator, 100, 1000, 0);
        assertThat(regulator.rate(ORG, "web")).isLessThan(1.0);

        budgets.replace(budgets(200, 0.5, "payments", "web"));
        run(regulator, 10, 1000, 0);
        assertThat(regulator.rates(ORG)).singleElement().satisfies(rate -> {
            assertThat(rate.rate()).isEqualTo(1.0);
            assertThat(rate.neverSampled()).isTrue();
        });
    }
}
