package io.shopwatch.tracing.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingPoliciesTest {

    private static SamplingProperties.Policy policy(double probability) {
        return new SamplingProperties.Policy(true, Duration.ofSeconds(2), null, null, probability, 0);
    }

    private static SamplingProperties properties(double defaults, Map<String, SamplingProperties.Policy> orgs) {
        return new SamplingProperties(true, Duration.ofSeconds(30), 100, Duration.ofSeconds(1), policy(defaults), orgs);
    }

    @Test
    void policy_orgsOwnElseDefaults() {
        SamplingPolicies policies = new SamplingPolicies(properties(0.1, Map.of("shop-a", policy(0.5))));
        assertThat(policies.policy("shop-a").probability()).isEqualTo(0.5);
        assertThat(policies.policy("shop-b").probability()).isEqualTo(0.1);
    }

    @Test
    void replace_putsNewPoliciesInForce() {
        SamplingPolicies policies = new SamplingPolicies(properties(0.1, Map.of()));
        policies.replace(properties(0.3, Map.of("shop-b", policy(1.0))));
        assertThat(policies.policy("shop-a").probability()).isEqualTo(0.3);
        assertThat(policies.policy("shop-b").probability()).isEqualTo(1.0);
    }

    @Test
    void replace_invalidProbability_keepsCurrentPolicies() {
        SamplingPolicies policies = new SamplingPolicies(properties(0.1, Map.of("shop-a", policy(0.5))));
        assertThatThrownBy(() -> policies.replace(properties(0.2, Map.of("shop-a", policy(7.5)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(policies.policy("shop-a").probability()).isEqualTo(0.5);
        assertThat(policies.policy("shop-b").probability()).isEqualTo(0.1);
    }
}
