package io.shopwatch.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.config.ConfigParser;
import io.shopwatch.alert.core.LabelSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Alertmanager's TestRouteMatch cases for continue, fallback to the parent, inheritance and route keys. */
class RouteTest {

    private static final Route ROOT = ConfigParser.parse("""
                    route:
                      receiver: notify-def
                      routes:
                        - matchers: [owner="team-A"]
                          receiver: notify-A
                          routes:
                            - matchers: [env="testing"]
                              receiver: notify-testing
                              group_by: [...]
                            - matchers: [env="production"]
                              receiver: notify-productionA
                              group_wait: 1m
                              continue: true
                            - matchers: ['env=~"produ.*"', job=~".*"]
                              receiver: notify-productionB
                              group_wait: 30s
                              group_interval: 5m
                              repeat_interval: 1h
                              group_by: [job]
                        - matchers: [owner=~"team-(B|C)"]
                          group_by: [foo, bar]
                          group_wait: 2m
                          receiver: notify-BC
                    receivers:
                      - name: notify-def
                      - name: notify-A
                      - name: notify-testing
                      - name: notify-productionA
                      - name: notify-productionB
                      - name: notify-BC
                    """).route();

    @Test
    void match_continueYieldsTwoRoutesWithTheirOwnOptions() {
        var routes = ROOT.match(LabelSet.of("owner", "team-A", "env", "production"));
        assertThat(routes)
                .extracting(r -> r.options().receiver())
                .containsExactly("notify-productionA", "notify-productionB");
        assertThat(routes.get(0).options().groupWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(routes.get(1).options().groupBy()).containsExactly("job");
        assertThat(routes.get(1).options().repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(routes.get(0).key()).isEqualTo("{}/{owner=\"team-A\"}/{env=\"production\"}");
    }

    @Test
    void match_fallsBackToTheParentWhenNoChildMatches() {
        var routes = ROOT.match(LabelSet.of("owner", "team-A", "env", "unset"));
        assertThat(routes).extracting(r -> r.options().receiver()).containsExactly("notify-A");
        assertThat(ROOT.match(LabelSet.of("owner", "team-X")))
                .extracting(r -> r.options().receiver())
                .containsExactly("notify-def");
    }

    @Test
    void match_inheritsOptionsAndGroupsByEveryLabelWithDots() {
        var bc = ROOT.match(LabelSet.of("owner", "team-C")).get(0);
        assertThat(bc.options().groupWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(bc.options().groupInterval()).isEqualTo(RouteOptions.DEFAULT_GROUP_INTERVAL);
        var testing =
                ROOT.match(LabelSet.of("owner", "team-A", "env", "testing")).get(0);
        LabelSet labels = LabelSet.of("owner", "team-A", "env", "testing", "x", "y");
        assertThat(testing.groupLabels(labels)).isEqualTo(labels);
    }
}
