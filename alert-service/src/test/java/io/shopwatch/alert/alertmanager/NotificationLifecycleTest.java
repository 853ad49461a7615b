package io.shopwatch.alert.alertmanager;

import static io.shopwatch.alert.alertmanager.AlertmanagerSemanticsTest.timeline;
import static io.shopwatch.alert.testing.Simulation.alert;
import static io.shopwatch.alert.testing.Simulation.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.ack.GroupIds;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.testing.RecordingNotifier;
import io.shopwatch.alert.testing.Simulation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What ShopWatch adds after the decision to notify, on a virtual clock: the outbox's expiry and meta-alert,
 * superseded states, acknowledgements, escalation policies and on-call schedules.
 */
class NotificationLifecycleTest {

    private static final String GROUP_KEY = "{}:{alertname=\"test\"}";

    private static final String BASE_CONFIG = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            fallback_receiver: ops
            receivers:
              - name: team
                webhook_configs: [{url: "http://team"}]
              - name: ops
                webhook_configs: [{url: "http://ops"}]
            """;

    private static final String ESCALATING = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
              escalation_policy: checkout
            receivers:
              - name: team
                webhook_configs: [{url: "http://team"}]
              - name: lead
                webhook_configs: [{url: "http://lead"}]
              - name: oncall
                webhook_configs: [{url: "http://oncall"}]
            escalation_policies:
              - name: checkout
                steps:
                  - {after: 5s, receiver: lead}
                  - {after: 10s, schedule: primary}
            oncall_schedules:
              - name: primary
                timezone: Asia/Shanghai
                start: 2026-01-01
                handoff: "09:00"
                rotation: 1d
                receiver: oncall
                people:
                  - {name: Li Lei, mobile: "13800000001", email: lilei@shop.example}
                  - {name: Han Meimei, mobile: "13800000002"}
            """;

    private static List<String> times(List<RecordingNotifier.Received> received) {
        return received.stream()
                .map(r -> AlertmanagerSemanticsTest.seconds(r.at()))
                .toList();
    }

    @Test
    void undeliveredUntilTheDeadline_expiresAndTellsTheFallbackReceiver() {
        Simulation sim = new Simulation(BASE_CONFIG, Duration.ofSeconds(10));
        sim.notifier.failWhen((url, at) -> url.equals("http://team"));
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(20);

        OutboxEntry expired = sim.outbox.all().get(0);
        assertThat(expired.status()).isEqualTo(OutboxEntry.Status.EXPIRED);
        assertThat(expired.attempts()).isGreaterThan(2);
        assertThat(expired.lastError()).isEqualTo("failing on purpose");
        assertThat(sim.notifier.received("http://team")).isEmpty();
        // decided at t=2, deadline t=12: the meta-alert reaches the fallback receiver once, right after
        List<RecordingNotifier.Received> meta = sim.notifier.received("http://ops");
        assertThat(meta).hasSize(1);
        assertThat(meta.get(0).at()).isBetween(t(12), t(12.5));
        Notification n = meta.get(0).notification();
        assertThat(n.alerts().get(0).labels().asMap())
                .containsEntry("alertname", "NotificationFailed")
                .containsEntry("receiver", "team")
                .containsEntry("integration", "webhook");
        assertThat(n.alerts().get(0).annotations().get("summary"))
                .isEqualTo("Notification to team (webhook[0]) expired: failing on purpose");
        assertThat(sim.outbox.all().get(1).kind()).isEqualTo(OutboxEntry.Kind.META);
    }

    @Test
    void aNewerDecision_supersedesAnUndeliveredOlderOne() {
        Simulation sim = new Simulation(BASE_CONFIG);
        sim.notifier.failWhen((url, at) -> at.isBefore(t(4.5)));
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(2.5);
        sim.push(alert("alertname", "test").active(1, 2.5));
        sim.at(15);

        // the firing notification never arrived and the group resolved meanwhile: only "resolved" is sent
        assertThat(timeline(sim.notifier.received("http://team"))).hasSize(1);
        assertThat(timeline(sim.notifier.received("http://team")).get(0)).endsWith("test[resolved 1.0-2.5]");
        assertThat(sim.outbox.all())
                .extracting(OutboxEntry::status)
                .containsExactly(OutboxEntry.Status.SUPERSEDED, OutboxEntry.Status.DELIVERED);
    }

    @Test
    void aRateLimitedBacklog_goesOutAsOneDigestWhenTheRobotIsFreeAgain() {
        Simulation sim = new Simulation(BASE_CONFIG);
        sim.notifier.rateLimitWhen((url, at) -> at.isBefore(t(4)), Duration.ofSeconds(3));
        sim.at(1);
        sim.push(
                alert("alertname", "PaymentFailures").active(1),
                alert("alertname", "CheckoutLatency").active(1),
                alert("alertname", "OrderDrop").active(1));
        sim.at(10);

        // three groups decided at t=2 while the robot refused; all three retried together at t=5, as one message
        List<RecordingNotifier.Received> received = sim.notifier.received("http://team");
        assertThat(times(received)).containsExactly("5.0");
        assertThat(received.get(0).notification().alerts()).hasSize(3);
        assertThat(received.get(0).notification().groupKey()).startsWith("digest:");
        assertThat(sim.outbox.all())
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(OutboxEntry.Status.DELIVERED))
                .allSatisfy(e -> assertThat(e.providerAnswer()).isEqualTo("delivered in a digest of 3"));
    }

    @Test
    void acknowledgement_stopsRepeatsAndIsShownUntilTheGroupResolves() {
        Simulation sim = new Simulation(BASE_CONFIG.replace("repeat_interval: 1h", "repeat_interval: 3s"));
        String groupId = GroupIds.of("test", GROUP_KEY);
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(3);
        assertThat(times(sim.notifier.received("http://team"))).containsExactly("2.0");
        sim.acks.put(
                "test", groupId, GROUP_KEY, new NotificationExtras.Ack("alice", t(3), "looking at checkout", t(100)));
        sim.at(9);
        sim.push(alert("alertname", "test").active(1, 9));
        sim.at(12);

        List<RecordingNotifier.Received> received = sim.notifier.received("http://team");
        // no repeats at 5 and 8 while acknowledged; the resolution is sent and shows who acknowledged
        assertThat(times(received)).containsExactly("2.0", "10.0");
        assertThat(received.get(1).notification().status()).isEqualTo("resolved");
        assertThat(received.get(1).notification().extras().ack().by()).isEqualTo("alice");
        assertThat(received.get(0).notification().extras().groupId()).isEqualTo(groupId);
        assertThat(received.get(0).notification().extras().ackUrl())
                .startsWith("http://alerts.test/api/v1/alerts/ack/");
        assertThat(sim.acks.get("test", groupId, t(12))).isEmpty();
    }

    @Test
    void acknowledgementExpiry_bringsRepeatsBack() {
        Simulation sim = new Simulation(BASE_CONFIG.replace("repeat_interval: 1h", "repeat_interval: 3s"));
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(3);
        sim.acks.put(
                "test", GroupIds.of("test", GROUP_KEY), GROUP_KEY, new NotificationExtras.Ack("bob", t(3), "", t(6.5)));
        sim.at(9.5);
        assertThat(times(sim.notifier.received("http://team"))).containsExactly("2.0", "7.0");
    }

    @Test
    void escalation_tellsEachStepInTurnAndThePersonOnCall() {
        Simulation sim = new Simulation(ESCALATING);
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(20);

        assertThat(times(sim.notifier.received("http://team"))).containsExactly("2.0");
        List<RecordingNotifier.Received> lead = sim.notifier.received("http://lead");
        assertThat(times(lead)).containsExactly("7.0");
        assertThat(lead.get(0).notification().extras().escalation())
                .isEqualTo(new NotificationExtras.Escalation("checkout", 1, 2));
        List<RecordingNotifier.Received> oncall = sim.notifier.received("http://oncall");
        assertThat(times(oncall)).containsExactly("12.0");
        // 2026-01-05 18:00 in Shanghai is day 4 of a daily rotation of two people that started on 2026-01-01
        assertThat(oncall.get(0).notification().extras().onCall().name()).isEqualTo("Li Lei");
        assertThat(oncall.get(0).notification().extras().onCall().mobile()).isEqualTo("13800000001");
        assertThat(oncall.get(0).notification().extras().escalation().step()).isEqualTo(2);
        assertThat(sim.escalations.forGroup("test", GroupIds.of("test", GROUP_KEY)))
                .isEmpty();
    }

    @Test
    void escalation_worksForARouteWhoseReceiverTellsNobody() {
        Simulation sim = new Simulation(
                ESCALATING.replace("  - name: team\n    webhook_configs: [{url: \"http://team\"}]", "  - name: team"));
        sim.at(1);
        sim.push(alert("alertname", "test").active(1));
        sim.at(8);
        assertThat(sim.notifier.received("http://team")).isEmpty();
        assertThat(times(sim.notifier.received("http://lead"))).containsExactly("7.0");
    }

    @Test
    void escalation_stopsWhenAcknowledgedOrResolved() {
        Simulation acked = new Simulation(ESCALATING);
        acked.at(1);
        acked.push(alert("alertname", "test").active(1));
        acked.at(4);
        acked.acks.put(
                "test",
                GroupIds.of("test", GROUP_KEY),
                GROUP_KEY,
                new NotificationExtras.Ack("carol", t(4), "", t(1000)));
        acked.at(30);
        assertThat(acked.notifier.received("http://lead")).isEmpty();
        assertThat(acked.notifier.received("http://oncall")).isEmpty();

        Simulation resolved = new Simulation(ESCALATING);
        resolved.at(1);
        resolved.push(alert("alertname", "test").active(1));
        resolved.at(4);
        resolved.push(alert("alertname", "test").active(1, 4));
        resolved.at(30);
        assertThat(resolved.notifier.received("http://lead")).isEmpty();
        assertThat(resolved.escalations.forGroup("test", GroupIds.of("test", GROUP_KEY)))
                .isEmpty();
    }
}
