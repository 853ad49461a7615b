package io.shopwatch.alert.alertmanager;

import static io.shopwatch.alert.testing.Simulation.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.WebhookNotifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.testing.Simulation;
import io.shopwatch.alert.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stored configuration change routes every alert again through the new tree, as Alertmanager's reload rebuilds its
 * dispatcher: groups whose route or receiver no longer takes their alerts stop, what they had decided but not yet
 * delivered is withdrawn, and the alerts form groups under the new routes. Real webhook receivers over HTTP, on the
 * simulation's virtual clock (times are seconds after the base).
 */
class ConfigChangeTest {

    /** Everything to a receiver without integrations until a test stores its configuration. */
    private static final String NOWHERE = """
            route:
              receiver: blackhole
            receivers:
              - name: blackhole
            """;

    private OutboundHttp http;
    private Simulation sim;

    @BeforeEach
    void start() {
        http = new OutboundHttp(new OutboundUrlPolicy(List.of("127.0.0.1")));
        sim = new Simulation(NOWHERE, Duration.ofHours(1), new WebhookNotifier(http));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    @Test
    void applyConfig_routeMovedToAnotherReceiver_oldReceiverHearsNothingMoreOfItsAlerts() throws Exception {
        String yaml = """
                route:
                  receiver: blackhole
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                  routes:
                    - matchers: ['team="a"']
                      receiver: {receiver}
                receivers:
                  - name: blackhole
                  - name: old
                    webhook_configs: [{url: '{old}'}]
                  - name: new
                    webhook_configs: [{url: '{new}'}]
                """;
        try (WebhookReceiver oldHook = new WebhookReceiver(sim.scheduler.clock());
                WebhookReceiver newHook = new WebhookReceiver(sim.scheduler.clock())) {
            String config = yaml.replace("{old}", oldHook.url()).replace("{new}", newHook.url());
            sim.reload(config.replace("{receiver}", "old"));
            sim.at(1);
            sim.push(alert("alertname", "A", "team", "a"), alert("alertname", "B", "team", "a"));
            sim.at(2.5);
            // the old receiver goes down: A's resolution, decided at 3, waits in the outbox for a retry
            oldHook.answer(503);
            sim.push(alert("alertname", "A", "team", "a").active(1, 2.5));
            sim.at(3.2);
            assertThat(sim.outbox.list("test", Optional.of(OutboxEntry.Status.PENDING), Optional.empty(), 10))
                    .as("A's resolution for the old receiver waits for a retry")
                    .hasSize(1);

            // team a now goes to the new receiver; the old one answers again
            sim.reload(config.replace("{receiver}", "new"));
            oldHook.answer(200);
            sim.at(4);
            sim.push(alert("alertname", "C", "team", "a"));
            sim.at(10);

            assertThat(timeline(oldHook))
                    .as("nothing reaches the old receiver after the change, not even A's resolution")
                    .containsExactly("t=2.0 A/a[firing]", "t=2.0 B/a[firing]");
            assertThat(timeline(newHook))
                    .as("the alerts still firing form groups under the new route at once; new ones after group_wait")
                    .containsExactly("t=3.2 B/a[firing]", "t=5.0 C/a[firing]");
            assertThat(sim.outbox.list("test", Optional.of(OutboxEntry.Status.WITHDRAWN), Optional.empty(), 10))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.target().receiver()).isEqualTo("old");
                        assertThat(e.notification().alerts()).singleElement().satisfies(a -> assertThat(
                                        a.labels().get("alertname"))
                                .isEqualTo("A"));
                    });
        }
    }

    @Test
    void applyConfig_receiverUnchanged_groupContinuesWithItsHistory() throws Exception {
        String yaml = """
                route:
                  receiver: blackhole
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                  routes:
                    - matchers: ['team="a"']
                      receiver: pager
                    - matchers: ['team="{other}"']
                      receiver: blackhole
                receivers:
                  - name: blackhole
                  - name: pager
                    webhook_configs: [{url: '{url}'}]
                """;
        try (WebhookReceiver hook = new WebhookReceiver(sim.scheduler.clock())) {
            String config = yaml.replace("{url}", hook.url());
            sim.reload(config.replace("{other}", "b"));
            sim.at(1);
            sim.push(alert("alertname", "A", "team", "a"));
            sim.at(3);
            // an unrelated route changes: A's group keeps its key and receiver, and nothing is sent again
            sim.reload(config.replace("{other}", "c"));
            sim.at(4.5);
            sim.push(alert("alertname", "A", "team", "a").active(1, 4.5));
            sim.at(8);

            assertThat(timeline(hook)).containsExactly("t=2.0 A/a[firing]", "t=5.0 A/a[resolved]");
        }
    }

    /**
     * Alertmanager's acceptance scenarios replayed back to back on one organisation, as a conformance harness does:
     * each run stores a configuration that routes only its own alerts (by label) to the receiver {@code replay} and
     * everything else to a receiver without integrations, and the previous run's webhook is gone. The first run's
     * alert keeps firing (and its failed repeats wait in the outbox); none of it may reach the second run's webhook.
     */
    @Test
    void applyConfig_backToBackReplays_previousRunsAlertsNeverReachTheNewReplayReceiver() throws Exception {
        String yaml = """
                route:
                  receiver: blackhole
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1ms
                  routes:
                    - matchers: ['replay_run="{run}"']
                      receiver: replay
                receivers:
                  - name: blackhole
                  - name: replay
                    webhook_configs: [{url: '{url}'}]
                """;
        WebhookReceiver first = new WebhookReceiver(sim.scheduler.clock());
        // run 1 ("repeat" with an alert that stays firing), from t=0
        sim.reload(yaml.replace("{run}", "1").replace("{url}", first.url()));
        sim.at(1);
        sim.push(alert("alertname", "test", "replay_run", "1").active(1));
        sim.at(4.45);
        first.close();
        assertThat(timeline(first))
                .containsExactly("t=2.0 test/1[firing]", "t=3.0 test/1[firing]", "t=4.0 test/1[firing]");

        // the first run's repeats fail (its webhook is gone) and wait in the outbox
        sim.at(6.3);
        try (WebhookReceiver second = new WebhookReceiver(sim.scheduler.clock())) {
            // run 2 ("repeat" with a resolution), from t=10
            sim.at(10);
            sim.reload(yaml.replace("{run}", "2").replace("{url}", second.url()));
            sim.at(11);
            sim.push(alert("alertname", "test", "replay_run", "2").active(11));
            sim.at(13.5);
            sim.push(alert("alertname", "test", "replay_run", "2").active(11, 13));
            sim.at(14.95);

            assertThat(timeline(second))
                    .containsExactly("t=12.0 test/2[firing]", "t=13.0 test/2[firing]", "t=14.0 test/2[resolved]");
        }
    }

    /** "t=2.0 A/a[firing]" lines, one per message: each alert's label values and status. */
    private static List<String> timeline(WebhookReceiver hook) {
        return hook.received().stream()
                .map(r -> "t=" + Duration.between(Simulation.BASE, r.at()).toMillis() / 1000.0 + " "
                        + r.alerts().stream().map(ConfigChangeTest::describe).collect(Collectors.joining(", ")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static String describe(Map<String, Object> alert) {
        Map<String, String> labels = new TreeMap<>((Map<String, String>) alert.get("labels"));
        String name = labels.remove("alertname");
        return name + "/" + String.join("/", labels.values()) + "[" + alert.get("status") + "]";
    }
}
