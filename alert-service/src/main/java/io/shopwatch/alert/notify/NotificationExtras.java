package io.shopwatch.alert.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What ShopWatch adds to Alertmanager's template data. Every field may be null.
 *
 * @param groupId the alert group's stable id, as the acknowledgement API names it
 * @param groupUrl the group in the API
 * @param logSearchUrl a log search pre-filled with the group's service and time range
 * @param ackUrl a signed one-click link that acknowledges the group
 * @param ack the acknowledgement in force
 * @param onCall the person an on-call schedule names for this notification
 * @param escalation the escalation step this notification is, when it comes from an escalation policy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationExtras(
        String groupId,
        String groupUrl,
        String logSearchUrl,
        String ackUrl,
        Ack ack,
        OnCall onCall,
        Escalation escalation) {

    public static final NotificationExtras NONE = new NotificationExtras(null, null, null, null, null, null, null);

    /** A person's acknowledgement of an alert group. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ack(String by, Instant at, String comment, Instant expiresAt) {}

    /**
     * The person on call: mentioned in chat messages ({@code mobile}, {@code userId}) and the e-mail recipient.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OnCall(String schedule, String name, String email, String mobile, String userId) {}

    /** The step of an escalation policy ({@code step} counts from 1). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Escalation(String policy, int step, int steps) {}

    public NotificationExtras withAck(Ack a) {
        return new NotificationExtras(groupId, groupUrl, logSearchUrl, ackUrl, a, onCall, escalation);
    }

    public NotificationExtras withOnCall(OnCall o) {
        return new NotificationExtras(groupId, groupUrl, logSearchUrl, ackUrl, ack, o, escalation);
    }

    public NotificationExtras withEscalation(Escalation e) {
        return new NotificationExtras(groupId, groupUrl, logSearchUrl, ackUrl, ack, onCall, e);
    }
}
