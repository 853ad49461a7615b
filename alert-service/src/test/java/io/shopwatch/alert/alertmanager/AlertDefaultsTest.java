package io.shopwatch.alert.alertmanager;

import static io.shopwatch.alert.alertmanager.AlertmanagerSemanticsTest.timeline;
import static io.shopwatch.alert.testing.Simulation.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.config.ConfigParser;
import io.shopwatch.alert.core.AlertDefaults;
import io.shopwatch.alert.route.RouteOptions;
import io.shopwatch.alert.testing.Simulation;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The service's alert defaults fill what a configuration leaves out (the root route's timers,
 * {@code global.resolve_timeout}) and never what it sets; new defaults put in force by parsing the configuration in
 * force again time the next group by them. Times are seconds after the simulation's base.
 */
class AlertDefaultsTest {

    private static final String NO_TIMERS = """
            route:
              receiver: default
              group_by: [alertname]
              routes:
                - matchers: ['team="a"']
                  receiver: default
                  group_wait: 7s
            receivers:
              - name: default
                webhook_configs:
                  - url: http://w1
            """;

    private static final AlertDefaults FAST =
            new AlertDefaults(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(9));

    @Test
    void parse_configurationWithoutTimers_takesTheGivenDefaults() {
        AlertmanagerConfig config =
                ConfigParser.parse(NO_TIMERS, type -> Optional.empty(), url -> Optional.empty(), FAST);

        RouteOptions root = config.route().options();
        assertThat(root.groupWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(root.groupInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(root.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.resolveTimeout()).isEqualTo(Duration.ofMinutes(9));
        // a child inherits the defaults it does not override
        RouteOptions child = config.route().routes().get(0).options();
        assertThat(child.groupWait()).isEqualTo(Duration.ofSeconds(7));
        assertThat(child.groupInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void parse_configurationWithItsOwnTimers_keepsThem() {
        String own = """
                global:
                  resolve_timeout: 1m
                route:
                  receiver: default
                  group_wait: 11s
                  group_interval: 12s
                  repeat_interval: 13s
                receivers:
                  - name: default
                """;

        AlertmanagerConfig config = ConfigParser.parse(own, type -> Optional.empty(), url -> Optional.empty(), FAST);

        assertThat(config.route().options().groupWait()).isEqualTo(Duration.ofSeconds(11));
        assertThat(config.route().options().groupInterval()).isEqualTo(Duration.ofSeconds(12));
        assertThat(config.route().options().repeatInterval()).isEqualTo(Duration.ofSeconds(13));
        assertThat(config.resolveTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void parse_withoutDefaults_takesAlertmanagers() {
        AlertmanagerConfig config = ConfigParser.parse(NO_TIMERS);

        assertThat(config.route().options().groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.route().options().groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.route().options().repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(config.resolveTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void constructor_valuesNotPositive_areRefused() {
        assertThatThrownBy(() ->
                        new AlertDefaults(Duration.ZERO, Duration.ZERO, Duration.ofHours(1), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group-interval");
        assertThatThrownBy(() -> new AlertDefaults(
                        Duration.ofSeconds(-1), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group-wait");
        assertThat(new AlertDefaults(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1))
                        .groupWait())
                .isZero();
    }

    @Test
    void reparse_newDefaults_nextGroupWaitsTheNewGroupWait() {
        Simulation sim = new Simulation("""
                route:
                  receiver: default
                  group_by: [alertname]
                receivers:
                  - name: default
                    webhook_configs:
                      - url: http://w1
                """);
        sim.at(1);
        sim.push(alert("alertname", "before").active(1));
        sim.at(20);
        assertThat(sim.notifier.received()).isEmpty(); // Alertmanager's 30s group_wait still running

        sim.reparse(FAST);
        sim.at(21);
        sim.push(alert("alertname", "after").active(21));
        sim.at(25);

        // the reload starts every group again under the new timers: "before" is older than the new 2s group_wait and
        // goes at once (at the reload, t=20), the new group "after" 2s after its alert
        assertThat(timeline(sim.notifier.received()))
                .containsExactly("t=20.0 before[firing from 1.0]", "t=23.0 after[firing from 21.0]");
        assertThat(sim.am.config().resolveTimeout()).isEqualTo(Duration.ofMinutes(9));
        assertThat(sim.am.configVersion()).isEqualTo(1);
    }
}
