package io.shopwatch.alert.outbox;

import io.shopwatch.alert.notify.Notification;
import java.time.Instant;

/**
 * A notification in the outbox.
 *
 * @param id its number
 * @param target where it goes: organisation, receiver, integration
 * @param groupKey the alert group's key
 * @param groupId the alert group's id
 * @param decisionKey what makes it unique: the same decision is never stored (and so never sent) twice
 * @param kind why it exists
 * @param status where it stands
 * @param notification what it says
 * @param attempts attempts made
 * @param createdAt when it was stored
 * @param nextAttemptAt when it is tried next (while pending)
 * @param deadline the last moment it may still be sent; after it, it expires
 * @param lastError the last attempt's error
 * @param providerAnswer the provider's last answer
 * @param finishedAt when it was delivered, failed or expired
 */
public record OutboxEntry(
        long id,
        Target target,
        String groupKey,
        String groupId,
        String decisionKey,
        Kind kind,
        Status status,
        Notification notification,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant deadline,
        String lastError,
        String providerAnswer,
        Instant finishedAt) {

    /** One integration of one organisation's receiver. */
    public record Target(String org, String receiver, String integration, int index) {

        @Override
        public String toString() {
            return org + "/" + receiver + "/" + integration + "[" + index + "]";
        }
    }

    /** Why an entry exists. */
    public enum Kind {
        /** A route's receiver told about its group. */
        NOTIFICATION,
        /** A step of an escalation policy. */
        ESCALATION,
        /** The fallback receiver told that another notification failed. */
        META,
        /** A test message asked for through the API. */
        TEST
    }

    /** Where an entry stands. */
    public enum Status {
        PENDING,
        SENDING,
        DELIVERED,
        FAILED,
        EXPIRED,
        /** A newer decision for the same integration and group replaced it before it was delivered. */
        SUPERSEDED,
        /**
         * A configuration change routed every one of its alerts away from its receiver and group before it was
         * delivered (as a reload of Alertmanager cancels the old dispatcher's notifications).
         */
        WITHDRAWN;

        public boolean finished() {
            return this != PENDING && this != SENDING;
        }
    }

    /** What is stored for a new entry. */
    public record Draft(
            Target target,
            String groupKey,
            String groupId,
            String decisionKey,
            Kind kind,
            Notification notification,
            Instant createdAt,
            Instant deadline) {}
}
