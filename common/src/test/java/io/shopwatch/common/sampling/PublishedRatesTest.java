package io.shopwatch.common.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishedRatesTest {

    private static byte[] rate(String stream, double rate, boolean neverSampled, String target) {
        return ("{\"org\":\"shop\",\"stream\":\"" + stream + "\",\"rate\":" + rate + ",\"neverSampled\":" + neverSampled
                        + ",\"storedPerSecond\":100.0,\"targetPerSecond\":" + target
                        + ",\"limitedBy\":\"stream records/s\",\"at\":\"2026-12-06T12:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rate_ofAStreamUnderBudget_isApplied_andTheLatestValueWins() {
        PublishedRates rates = new PublishedRates();
        assertThat(rates.accept(rate("web", 0.2, false, "200.0"))).isTrue();
        assertThat(rates.rate("shop", "WEB")).isEqualTo(0.2);
        assertThat(rates.rate("other", "web")).isEqualTo(1.0);

        rates.accept(rate("web", 1.0, false, "200.0"));
        assertThat(rates.rate("shop", "web")).isEqualTo(1.0);
        assertThat(rates.applied()).isEmpty();
    }

    @Test
    void rate_isNeverAppliedWhereNoBudgetCovers() {
        PublishedRates rates = new PublishedRates();
        rates.accept(rate("payments", 0.2, true, "200.0"));
        rates.accept(rate("nobudget", 0.2, false, "null"));
        assertThat(rates.rate("shop", "payments")).isEqualTo(1.0);
        assertThat(rates.rate("shop", "nobudget")).isEqualTo(1.0);
    }

    @Test
    void accept_refusesWhatIsNotARate() {
        PublishedRates rates = new PublishedRates();
        assertThat(rates.accept("not json".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(rates.accept("{\"org\":\"shop\"}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(rates.applied()).isEmpty();
    }
}
