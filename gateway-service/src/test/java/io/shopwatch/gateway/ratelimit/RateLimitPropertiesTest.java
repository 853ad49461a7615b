package io.shopwatch.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitPropertiesTest {

    @Test
    void retryAfter_isOneTokensShareOfThePeriod() {
        assertThat(limits(100, 10, Duration.ofSeconds(1)).retryAfter()).isEqualTo(Duration.ofMillis(100));
        assertThat(limits(3, 1, Duration.ofHours(1)).retryAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(limits(60, 6, Duration.ofMinutes(1)).retryAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void redisLimits_keepTheSameRateAndBurst() {
        RateLimitConfiguration.RedisLimits perSecond =
                RateLimitConfiguration.RedisLimits.of(limits(2000, 1000, Duration.ofSeconds(1)));
        assertThat(perSecond).isEqualTo(new RateLimitConfiguration.RedisLimits(1000, 2000, 1));

        // 10 requests a minute, bursts of 20: 10 tokens a second, 60 tokens a request, room for 20 requests.
        RateLimitConfiguration.RedisLimits perMinute =
                RateLimitConfiguration.RedisLimits.of(limits(20, 10, Duration.ofMinutes(1)));
        assertThat(perMinute).isEqualTo(new RateLimitConfiguration.RedisLimits(10, 1200, 60));
    }

    @Test
    void refillPeriod_mustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> limits(1, 1, Duration.ZERO));
    }

    private static RateLimitProperties limits(long capacity, long refillTokens, Duration period) {
        return new RateLimitProperties(true, capacity, refillTokens, period, 1000);
    }
}
