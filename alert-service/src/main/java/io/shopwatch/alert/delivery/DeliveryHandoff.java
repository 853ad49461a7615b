package io.shopwatch.alert.delivery;

import io.shopwatch.alert.ack.GroupAcks;
import io.shopwatch.alert.ack.NotificationLinks;
import io.shopwatch.alert.escalation.Escalations;
import java.time.Duration;

/**
 * What the notification pipeline hands decided notifications to: the durable outbox and its sender, the group
 * acknowledgements, the links notifications carry, and the escalations.
 *
 * @param delivery the outbox and its sender
 * @param acks acknowledgements of groups
 * @param links links in notifications
 * @param escalations escalations in progress
 * @param deadline how long a notification may stay undelivered before it expires
 */
public record DeliveryHandoff(
        OutboxDelivery delivery, GroupAcks acks, NotificationLinks links, Escalations escalations, Duration deadline) {}
