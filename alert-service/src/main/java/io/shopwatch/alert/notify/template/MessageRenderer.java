package io.shopwatch.alert.notify.template;

import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import java.util.List;
import java.util.Map;

/**
 * Turns a notification into the title and body a person reads, from the integration's templates ({@code title},
 * {@code text}, and their {@code title_resolved} / {@code text_resolved} variants) or the built-in defaults in the
 * integration's {@code language}.
 */
public interface MessageRenderer {

    /** The markup a channel understands. */
    enum Markup {
        /** DingTalk and Feishu markdown, and the generic default. */
        MARKDOWN,
        /** WeCom's markdown subset (headings, bold, links, quotes, three font colours). */
        WECOM_MARKDOWN,
        /** Slack's mrkdwn. */
        SLACK_MRKDWN,
        /** Plain text (e-mail text part, PagerDuty summary). */
        TEXT,
        /** HTML (e-mail). */
        HTML
    }

    /** A rendered message. */
    record Rendered(String title, String text) {}

    Rendered render(IntegrationConfig integration, Notification notification, Markup markup);

    /**
     * Problems with an integration's template settings (syntax errors with their line, unknown language or time
     * zone), for a notifier's {@link io.shopwatch.alert.notify.Notifier#validate}; empty when they are usable.
     */
    default List<String> validate(Map<String, Object> settings) {
        return List.of();
    }
}
