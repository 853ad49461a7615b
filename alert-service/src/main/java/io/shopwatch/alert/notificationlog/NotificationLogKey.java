package io.shopwatch.alert.notificationlog;

/**
 * What a notification-log entry is kept for: one integration of one receiver for one aggregation group.
 *
 * @param org organisation
 * @param receiver receiver name
 * @param integration integration type ({@code webhook})
 * @param index position of the integration among the receiver's integrations of that type
 * @param groupKey the aggregation group's key
 */
public record NotificationLogKey(String org, String receiver, String integration, int index, String groupKey) {

    @Override
    public String toString() {
        return org + "/" + receiver + "/" + integration + "[" + index + "]/" + groupKey;
    }
}
