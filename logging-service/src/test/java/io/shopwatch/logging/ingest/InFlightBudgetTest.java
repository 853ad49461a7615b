package io.shopwatch.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

    @Test
    void reserve_waitsOnlyUpToTheLimit_andShrinkOrCloseGivesBytesBack() throws InterruptedException {
        InFlightBudget budget = new InFlightBudget(100);

        InFlightBudget.Reservation big = budget.reserve(80, Duration.ZERO);
        assertThat(big).isNotNull();
        assertThat(budget.reserve(30, Duration.ofMillis(10))).as("does not fit").isNull();

        big.shrinkTo(50);
        assertThat(budget.available()).isEqualTo(50);
        InFlightBudget.Reservation second = budget.reserve(30, Duration.ZERO);
        assertThat(second).isNotNull();

        big.close();
        second.close();
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void reserve_moreThanTheWholeBudget_takesTheWholeBudget() throws InterruptedException {
        InFlightBudget budget = new InFlightBudget(100);

        try (InFlightBudget.Reservation all = budget.reserve(1_000, Duration.ZERO)) {
            assertThat(all).isNotNull();
            assertThat(budget.available()).isZero();
        }
        assertThat(budget.available()).isEqualTo(100);
    }
}
