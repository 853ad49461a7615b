package io.shopwatch.alert.notify;

/** Why a notification is sent; the text is Alertmanager's {@code notification_reason}. */
public enum NotificationReason {
    FIRST_NOTIFICATION("first notification"),
    NEW_ALERTS_ADDED("new alerts added"),
    SOME_ALERTS_RESOLVED("some alerts resolved"),
    ALL_ALERTS_RESOLVED("all alerts resolved"),
    REPEAT_INTERVAL_ELAPSED("repeat interval elapsed");

    private final String text;

    NotificationReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
