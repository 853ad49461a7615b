package io.shopwatch.alert.escalation;

import io.shopwatch.alert.notify.Notification;
import java.time.Instant;
import java.util.List;

/** The escalations in progress, kept across restarts and shared by replicas. */
public interface Escalations {

    /** Starts an escalation unless one runs for the group and receiver; else refreshes its snapshot. */
    void start(EscalationState state);

    /** Ends every escalation of a group (it resolved). */
    void stop(String org, String groupId);

    /** Escalations whose next step is due. */
    List<EscalationState> due(Instant now, int limit);

    /** Stores the new position of an escalation. */
    void update(EscalationState state);

    /** Ends one escalation (its policy ran out). */
    void delete(EscalationState state);

    /** The escalations of a group. */
    List<EscalationState> forGroup(String org, String groupId);

    /** Replaces the snapshot (the group's latest content) of the group's escalations. */
    void refresh(String org, String groupId, String receiver, Notification snapshot);
}
