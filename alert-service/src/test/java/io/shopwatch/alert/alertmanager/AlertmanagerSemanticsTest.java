package io.shopwatch.alert.alertmanager;

import static io.shopwatch.alert.testing.Simulation.alert;
import static io.shopwatch.alert.testing.Simulation.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.silence.Silence;
import io.shopwatch.alert.testing.RecordingNotifier;
import io.shopwatch.alert.testing.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager's acceptance scenarios (test/with_api_v2/acceptance) replayed on a virtual clock: every notification's
 * time and content, and nothing else, must arrive. Times are seconds after the base.
 */
class AlertmanagerSemanticsTest {

    private static final String ONE_SECOND = """
            route:
              receiver: default
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1ms
            receivers:
              - name: default
                webhook_configs:
                  - url: http://w1
            """;

    /** "t=2.0 test[firing from 1.0]" lines, one per notification, alerts in notification order. */
    static List<String> timeline(List<RecordingNotifier.Received> received) {
        return received.stream()
                .map(r -> "t=" + seconds(r.at()) + " "
                        + r.notification().alerts().stream()
                                .map(AlertmanagerSemanticsTest::describe)
                                .collect(Collectors.joining(", ")))
                .toList();
    }

    static String describe(Alert a) {
        StringBuilder s = new StringBuilder(a.labels().get("alertname"));
        a.labels().asMap().forEach((k, v) -> {
            if (!k.equals("alertname")) {
                s.append('/').append(v);
            }
        });
        s.append('[');
        if (a.endsAt() == null) {
            s.append("firing from ").append(seconds(a.startsAt()));
        } else {
            s.append("resolved ").append(seconds(a.startsAt())).append("-").append(seconds(a.endsAt()));
        }
        a.annotations().forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.append(']').toString();
    }

    static String seconds(Instant at) {
        return Double.toString(Duration.between(Simulation.BASE, at).toMillis() / 1000.0);
    }

    @Test
    void repeat_notifiesAfterGroupWaitThenEveryIntervalThenResolved() {
        Simulation sim = new Simulation(ONE_SECOND);
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(3.5);
        sim.push(alert("alertname", "test").active(1, 3));
        sim.at(8);

        assertThat(timeline(sim.notifier.received()))
                .containsExactly(
                        "t=2.0 test[firing from 1.0]", "t=3.0 test[firing from 1.0]", "t=4.0 test[resolved 1.0-3.0]");
        assertThat(sim.notifier.received().get(0).notification().reason().text())
                .isEqualTo("first notification");
        assertThat(sim.notifier.received().get(1).notification().reason().text())
                .isEqualTo("repeat interval elapsed");
        assertThat(sim.notifier.received().get(2).notification().reason().text())
                .isEqualTo("all alerts resolved");
    }

    @Test
    void batching_groupsWithinGroupWaitAddsAtNextTickAndRepeatsAfterRepeatInterval() {
        Simulation sim = new Simulation("""
                route:
                  receiver: default
                  group_by: []
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 4900ms
                receivers:
                  - name: default
                    webhook_configs:
                      - url: http://w1
                """);
        sim.at(1.1);
        sim.push(alert("alertname", "test1").active(1));
        sim.at(1.7);
        sim.push(alert("alertname", "test5").active(1));
        sim.at(3.3);
        sim.push(
                alert("alertname", "test2").active(1.5),
                alert("alertname", "test3").active(1.5),
                alert("alertname", "test4").active(1.6));
        sim.at(10);

        String all = "test1[firing from 1.0], test2[firing from 1.5], test3[firing from 1.5], test4[firing from 1.6],"
                + " test5[firing from 1.0]";
        assertThat(timeline(sim.notifier.received()))
                .containsExactly(
                        "t=2.1 test1[firing from 1.0], test5[firing from 1.0]", "t=4.1 " + all, "t=9.1 " + all);
        assertThat(sim.notifier.received().get(1).notification().reason().text())
                .isEqualTo("new alerts added");
    }

    @Test
    void merge_keepsEarliestStartNewestAnnotationsLatestEndAndDoesNotMergeAfterResolve() {
        Simulation sim = new Simulation(ONE_SECOND);
        sim.at(1);
        sim.push(alert("alertname", "test").active(1.1));
        sim.at(1.2);
        sim.push(alert("alertname", "test").active(1));
        sim.at(2.1);
        sim.push(alert("alertname", "test").annotate("ann", "v1").active(2));
        sim.at(3.6);
        sim.push(alert("alertname", "test").annotate("ann", "v2").active(1.5));
        sim.at(4.6);
        sim.push(alert("alertname", "test").annotate("ann", "v2").active(3, 4.5));
        sim.at(4.8);
        sim.push(alert("alertname", "test").annotate("ann", "v3").active(2.9, 4.8));
        sim.push(alert("alertname", "test").annotate("ann", "v3").active(2.9, 4.1));
        sim.at(5.3);
        sim.push(alert("alertname", "test"));
        sim.at(6.5);

        assertThat(timeline(sim.notifier.received()))
                .containsExactly(
                        "t=2.0 test[firing from 1.0]",
                        "t=3.0 test[firing from 1.0 ann=v1]",
                        "t=4.0 test[firing from 1.0 ann=v2]",
                        "t=5.0 test[resolved 1.0-4.8 ann=v3]",
                        "t=6.0 test[firing from 5.3]");
    }

    @Test
    void resolveTimeout_resolvesAlertsThatAreNotResent() {
        Simulation sim = new Simulation("""
                global:
                  resolve_timeout: 10s
                route:
                  receiver: default
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 5s
                receivers:
                  - name: default
                    webhook_configs:
                      - url: http://w1
                """);
        sim.at(1);
        sim.push(
                alert("alertname", "test", "lbl", "v1"),
                alert("alertname", "test", "lbl", "v2"),
                alert("alertname", "test", "lbl", "v3"));
        sim.at(13);

        assertThat(timeline(sim.notifier.received()))
                .containsExactly(
                        "t=2.0 test/v1[firing from 1.0], test/v2[firing from 1.0], test/v3[firing from 1.0]",
                        "t=12.0 test/v1[resolved 1.0-11.0], test/v2[resolved 1.0-11.0], test/v3[resolved 1.0-11.0]");
    }

    @Test
    void sendResolvedFalse_filtersResolvedAlertsButLogsThem() {
        Simulation sim = new Simulation("""
                global:
                  resolve_timeout: 10s
                route:
                  receiver: default
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 5s
                receivers:
                  - name: default
                    webhook_configs:
                      - url: http://w1
                        send_resolved: true
                      - url: http://w2
                        send_resolved: false
                """);
        sim.at(1);
        sim.push(alert("alertname", "test", "lbl", "v1"), alert("alertname", "test", "lbl", "v2"));
        sim.at(3);
        sim.push(alert("alertname", "test", "lbl", "v1").active(1, 4), alert("alertname", "test", "lbl", "v3"));
        sim.at(8);
        sim.push(alert("alertname", "test", "lbl", "v3").active(3));
        sim.at(12.5);

        assertThat(timeline(sim.notifier.received("http://w1")))
                .containsExactly(
                        "t=2.0 test/v1[firing from 1.0], test/v2[firing from 1.0]",
                        "t=7.0 test/v1[resolved 1.0-4.0], test/v2[firing from 1.0], test/v3[firing from 3.0]",
                        "t=12.0 test/v2[resolved 1.0-11.0], test/v3[firing from 3.0]");
        assertThat(timeline(sim.notifier.received("http://w2")))
                .containsExactly(
                        "t=2.0 test/v1[firing from 1.0], test/v2[firing from 1.0]",
                        "t=7.0 test/v2[firing from 1.0], test/v3[firing from 3.0]");
    }

    @Test
    void repeat_isRoundedUpToTheNextGroupIntervalTickAndEachIntegrationKeepsItsOwnLog() {
        Simulation sim = new Simulation("""
                route:
                  receiver: default
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 2s
                  repeat_interval: 3s
                receivers:
                  - name: default
                    webhook_configs:
                      - url: http://w1
                      - url: http://w2
                """);
        sim.notifier.dropWhen((url, at) -> url.equals("http://w2") && at.isBefore(t(4.5)));
        sim.at(1);
        sim.push(alert("alertname", "test1"));
        sim.at(7);

        assertThat(timeline(sim.notifier.received("http://w1")))
                .containsExactly("t=2.0 test1[firing from 1.0]", "t=6.0 test1[firing from 1.0]");
        assertThat(timeline(sim.notifier.received("http://w2"))).containsExactly("t=6.0 test1[firing from 1.0]");
    }

    @Test
    void silence_mutesWhileActiveAndReleasesAtItsEnd() {
        Simulation sim = new Simulation(ONE_SECOND.replace("group_by: [alertname]", "group_by: []"));
        sim.at(1);
        sim.push(alert("alertname", "test1"), alert("alertname", "test2"));
        sim.at(2.3);
        sim.silence(new Silence(
                null,
                List.of(Matcher.equal("alertname", "test1")),
                t(2.5),
                t(4.5),
                null,
                "admin@example.com",
                "some comment"));
        sim.at(5.5);

        assertThat(timeline(sim.notifier.received()))
                .containsExactly(
                        "t=2.0 test1[firing from 1.0], test2[firing from 1.0]",
                        "t=3.0 test2[firing from 1.0]",
                        "t=4.0 test2[firing from 1.0]",
                        "t=5.0 test1[firing from 1.0], test2[firing from 1.0]");
    }

    @Test
    void silenceExpire_releasesAlertsAtTheNextTickWithNothingSentBefore() {
        Simulation sim = new Simulation(ONE_SECOND.replace("group_by: [alertname]", "group_by: []"));
        sim.at(1);
        sim.push(alert("alertname", "test1"), alert("alertname", "test2"));
        sim.at(1.3);
        Silence s = sim.silence(new Silence(
                null, List.of(Matcher.regex("alertname", ".+")), t(1.5), t(100), null, "admin@example.com", "c"));
        sim.at(3.5);
        sim.silences.expire(s.id());
        sim.at(4.5);

        assertThat(timeline(sim.notifier.received()))
                .containsExactly("t=4.0 test1[firing from 1.0], test2[firing from 1.0]");
    }

    private static final String INHIBIT = """
            route:
              receiver: default
              group_by: []
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1s
            receivers:
              - name: default
                webhook_configs:
                  - url: http://w1
            inhibit_rules:
              - source_matchers: [alertname="JobDown"]
                target_matchers: [alertname="InstanceDown"]
                equal: [job, zone]
            """;

    @Test
    void inhibition_mutesTargetsWithEqualLabelsWhileTheSourceFires() {
        Simulation sim = new Simulation(INHIBIT);
        sim.at(1);
        sim.push(
                alert("alertname", "test1", "job", "testjob", "zone", "aa"),
                alert("alertname", "InstanceDown", "job", "testjob", "zone", "aa"),
                alert("alertname", "InstanceDown", "job", "testjob", "zone", "ab"));
        sim.at(2.2);
        sim.push(alert("alertname", "JobDown", "job", "testjob", "zone", "aa"));
        sim.at(3.6);
        sim.push(alert("alertname", "JobDown", "job", "testjob", "zone", "aa").active(2.2, 3.6));
        sim.at(4.5);

        assertThat(timeline(sim.notifier.received()))
                .containsExactly(
                        "t=2.0 InstanceDown/testjob/aa[firing from 1.0], InstanceDown/testjob/ab[firing from 1.0],"
                                + " test1/testjob/aa[firing from 1.0]",
                        "t=3.0 InstanceDown/testjob/ab[firing from 1.0], JobDown/testjob/aa[firing from 2.2],"
                                + " test1/testjob/aa[firing from 1.0]",
                        "t=4.0 InstanceDown/testjob/aa[firing from 1.0], InstanceDown/testjob/ab[firing from 1.0],"
                                + " JobDown/testjob/aa[resolved 2.2-3.6], test1/testjob/aa[firing from 1.0]");
    }

    @Test
    void inhibition_sourceAndTargetResolvingTogetherAreBothReported() {
        Simulation sim = new Simulation(INHIBIT);
        sim.at(1);
        sim.push(
                alert("alertname", "InstanceDown", "job", "testjob", "zone", "aa"),
                alert("alertname", "JobDown", "job", "testjob", "zone", "aa"));
        sim.at(2.6);
        sim.push(
                alert("alertname", "InstanceDown", "job", "testjob", "zone", "aa")
                        .active(1, 2.6),
                alert("alertname", "JobDown", "job", "testjob", "zone", "aa").active(1, 2.6));
        sim.at(3.5);

        assertThat(timeline(sim.notifier.received()))
                .containsExactly(
                        "t=2.0 JobDown/testjob/aa[firing from 1.0]",
                        "t=3.0 InstanceDown/testjob/aa[resolved 1.0-2.6], JobDown/testjob/aa[resolved 1.0-2.6]");
    }

    @Test
    void reload_resetsTimersWithoutSendingTwice() {
        String yaml = """
                route:
                  receiver: default
                  group_by: []
                  group_wait: 1s
                  group_interval: 6s
                  repeat_interval: 10m
                receivers:
                  - name: default
                    webhook_configs:
                      - url: http://w1
                """;
        Simulation sim = new Simulation(yaml);
        sim.at(1);
        sim.push(alert("alertname", "test1"));
        sim.at(3);
        sim.reload(yaml);
        sim.at(4);
        sim.push(alert("alertname", "test2"));
        sim.at(10);

        assertThat(timeline(sim.notifier.received()))
                .containsExactly(
                        "t=2.0 test1[firing from 1.0]", "t=9.0 test1[firing from 1.0], test2[firing from 4.0]");
    }

    @Test
    void groupWait_isSkippedForAnAlertThatStartedLongerAgo() {
        Simulation sim = new Simulation(ONE_SECOND.replace("group_wait: 1s", "group_wait: 30s"));
        sim.at(100);
        sim.push(alert("alertname", "old").active(10));
        sim.at(100.5);

        assertThat(timeline(sim.notifier.received())).containsExactly("t=100.0 old[firing from 10.0]");
    }

    @Test
    void groupWait_alertResolvedBeforeTheFirstFlushIsNeverNotified() {
        Simulation sim = new Simulation(ONE_SECOND);
        sim.at(1);
        sim.push(alert("alertname", "flap").active(1));
        sim.at(1.5);
        sim.push(alert("alertname", "flap").active(1, 1.5));
        sim.at(5);

        assertThat(sim.notifier.received()).isEmpty();
    }

    @Test
    void failedDelivery_isRetriedByTheOutboxUntilDeliveredOnce() {
        Simulation sim = new Simulation(ONE_SECOND.replace("repeat_interval: 1ms", "repeat_interval: 1h"));
        sim.notifier.failWhen((url, at) -> at.isAfter(t(2.5)) && at.isBefore(t(4.5)));
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(2.5);
        sim.push(alert("alertname", "test").active(1, 2.5));
        sim.at(12);

        List<String> lines = timeline(sim.notifier.received());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("t=2.0 test[firing from 1.0]");
        // decided at t=3 while the receiver was down; the outbox retried it with backoff, and it arrived once
        assertThat(lines.get(1)).matches("t=(4\\.[5-9]|[5-7]\\.\\d) test\\[resolved 1\\.0-2\\.5\\]");
        assertThat(sim.outbox.all()).extracting(e -> e.status().name()).containsExactly("DELIVERED", "DELIVERED");
        assertThat(sim.outbox.all().get(1).attempts()).isGreaterThan(1);
    }

    @Test
    void rejectedDelivery_isRecordedAsFailedAndNotRepeated() {
        Simulation sim = new Simulation(ONE_SECOND.replace("repeat_interval: 1ms", "repeat_interval: 1h"));
        sim.notifier.rejectWhen((url, at) -> at.isAfter(t(2.5)) && at.isBefore(t(4.5)));
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(2.5);
        sim.push(alert("alertname", "test").active(1, 2.5));
        sim.at(8);

        assertThat(timeline(sim.notifier.received())).containsExactly("t=2.0 test[firing from 1.0]");
        var failed = sim.outbox.all().get(1);
        assertThat(failed.status().name()).isEqualTo("FAILED");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("rejecting on purpose");
        assertThat(failed.notification().status()).isEqualTo("resolved");
    }

    @Test
    void routing_continueSendsToEveryMatchingSibling() {
        Simulation sim = new Simulation("""
                route:
                  receiver: default
                  group_wait: 1s
                  group_interval: 1s
                  routes:
                    - matchers: [team="a"]
                      receiver: team-a
                      continue: true
                    - matchers: ['severity=~"critical|page"']
                      receiver: pager
                receivers:
                  - name: default
                    webhook_configs: [{url: "http://default"}]
                  - name: team-a
                    webhook_configs: [{url: "http://team-a"}]
                  - name: pager
                    webhook_configs: [{url: "http://pager"}]
                """);
        sim.at(1);
        sim.push(alert("alertname", "x", "team", "a", "severity", "critical"), alert("alertname", "y", "team", "b"));
        sim.at(2.5);

        assertThat(sim.notifier.received("http://team-a")).hasSize(1);
        assertThat(sim.notifier.received("http://pager")).hasSize(1);
        assertThat(timeline(sim.notifier.received("http://default"))).containsExactly("t=2.0 y/b[firing from 1.0]");
        assertThat(sim.notifier.received("http://pager").get(0).notification().groupKey())
                .isEqualTo("{}/{severity=~\"critical|page\"}:{}");
    }

    @Test
    void muteTimeIntervals_suppressNotificationsInsideTheIntervalOnly() {
        Simulation sim = new Simulation("""
                route:
                  receiver: default
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1ms
                  routes:
                    - matchers: [alertname="x"]
                      mute_time_intervals: [morning]
                time_intervals:
                  - name: morning
                    time_intervals:
                      - times: [{start_time: "10:00", end_time: "10:00"}]
                receivers:
                  - name: default
                    webhook_configs: [{url: "http://w1"}]
                """.replace("end_time: \"10:00\"", "end_time: \"10:01\""));
        // the base is 10:00 UTC: muted until 10:01
        sim.at(1);
        sim.push(alert("alertname", "x"));
        sim.at(59.5);
        assertThat(sim.notifier.received()).isEmpty();
        sim.at(60.5);
        assertThat(timeline(sim.notifier.received())).containsExactly("t=60.0 x[firing from 1.0]");
    }

    @Test
    void activeTimeIntervals_suppressNotificationsOutsideTheInterval() {
        Simulation sim = new Simulation("""
                route:
                  receiver: default
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1ms
                  routes:
                    - matchers: [alertname="x"]
                      active_time_intervals: [weekend]
                time_intervals:
                  - name: weekend
                    time_intervals:
                      - weekdays: [saturday, sunday]
                receivers:
                  - name: default
                    webhook_configs: [{url: "http://w1"}]
                """);
        // the base is a Monday
        sim.at(1);
        sim.push(alert("alertname", "x"));
        sim.at(10);
        assertThat(sim.notifier.received()).isEmpty();
    }
}
