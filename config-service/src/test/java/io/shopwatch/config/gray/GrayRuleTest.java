package io.shopwatch.config.gray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.web.ShopWatchException;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GrayRuleTest {

    private static Instance instance(String id, String... labels) {
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new Instance(id, map);
    }

    @Test
    void matches_byInstanceId() {
        GrayRule rule = new GrayRule(new TreeSet<>(java.util.Set.of("pod-a")), null);
        assertThat(rule.matches(instance("pod-a"))).isTrue();
        assertThat(rule.matches(instance("pod-b"))).isFalse();
        assertThat(rule.matches(Instance.UNKNOWN)).isFalse();
    }

    @Test
    void matches_byEveryLabel() {
        TreeMap<String, String> labels = new TreeMap<>(java.util.Map.of("canary", "true", "zone", "eu-1"));
        GrayRule rule = new GrayRule(null, labels);
        assertThat(rule.matches(instance("x", "canary", "true", "zone", "eu-1", "extra", "1")))
                .isTrue();
        assertThat(rule.matches(instance("x", "canary", "true"))).isFalse();
        assertThat(rule.matches(instance("x", "canary", "false", "zone", "eu-1")))
                .isFalse();
    }

    @Test
    void new_withoutInstancesOrLabels_isInvalid() {
        assertThatThrownBy(() -> new GrayRule(null, null)).isInstanceOf(ShopWatchException.class);
    }
}
