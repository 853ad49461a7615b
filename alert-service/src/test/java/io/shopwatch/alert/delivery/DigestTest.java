package io.shopwatch.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One message for several groups of one robot: every alert once; what all entries share is kept. */
class DigestTest {

    private static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");
    private static final NotificationExtras.OnCall LI =
            new NotificationExtras.OnCall("primary", "Li Lei", null, "1", null);
    private static final NotificationExtras.OnCall HAN =
            new NotificationExtras.OnCall("primary", "Han Meimei", null, "2", null);

    private static OutboxEntry entry(long id, String alertname, NotificationExtras extras) {
        String key = "{}:{alertname=\"" + alertname + "\"}";
        Alert a = new Alert(LabelSet.of("alertname", alertname), Map.of(), T0, null, "", T0, false);
        Notification n = Notification.of(
                        "shop",
                        "robot",
                        List.of(a),
                        LabelSet.of("alertname", alertname),
                        "http://x",
                        key,
                        NotificationReason.FIRST_NOTIFICATION,
                        T0)
                .withExtras(extras);
        return new OutboxEntry(
                id,
                new OutboxEntry.Target("shop", "robot", "dingtalk", 0),
                key,
                "g" + id,
                "d" + id,
                OutboxEntry.Kind.ESCALATION,
                OutboxEntry.Status.SENDING,
                n,
                0,
                T0,
                T0,
                T0.plusSeconds(3600),
                null,
                null,
                null);
    }

    @Test
    void digest_keepsEveryAlertOnceAndWhatAllEntriesShare() {
        NotificationExtras step = NotificationExtras.NONE
                .withOnCall(LI)
                .withEscalation(new NotificationExtras.Escalation("checkout", 2, 2));
        Notification d = OutboxDelivery.digest(
                List.of(entry(1, "A", step.withAck(null)), entry(2, "B", step), entry(3, "A", step)), T0);
        assertThat(d.alerts()).extracting(a -> a.labels().get("alertname")).containsExactly("A", "B");
        assertThat(d.groupKey()).isEqualTo("digest:{}:{alertname=\"A\"},{}:{alertname=\"B\"}");
        assertThat(d.extras().onCall()).isEqualTo(LI);
        assertThat(d.extras().escalation().step()).isEqualTo(2);
        assertThat(d.extras().groupId()).isNull();

        Notification mixed = OutboxDelivery.digest(
                List.of(
                        entry(1, "A", NotificationExtras.NONE.withOnCall(LI)),
                        entry(2, "B", NotificationExtras.NONE.withOnCall(HAN))),
                T0);
        assertThat(mixed.extras().onCall()).isNull();
    }
}
