package io.shopwatch.alert.notify.template;

import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.WebhookNotifier;
import io.shopwatch.alert.notify.channel.DingTalkNotifier;
import io.shopwatch.alert.notify.channel.FeishuNotifier;
import io.shopwatch.alert.notify.channel.PagerDutyNotifier;
import io.shopwatch.alert.notify.channel.SlackNotifier;
import io.shopwatch.alert.notify.channel.WeComNotifier;
import io.shopwatch.alert.notify.email.EmailNotifier;
import java.util.function.Function;
import java.util.stream.Stream;

/** The default languages the service's own channels declare, for renderers built without a registry. */
public final class ChannelLanguages {

    /** Integration type → its channel's default language, {@code null} for a type no channel serves. */
    public static final Function<String, String> BUILT_IN = type -> Stream.of(
                    WebhookNotifier.TRAITS,
                    EmailNotifier.TRAITS,
                    DingTalkNotifier.TRAITS,
                    WeComNotifier.TRAITS,
                    FeishuNotifier.TRAITS,
                    SlackNotifier.TRAITS,
                    PagerDutyNotifier.TRAITS)
            .filter(t -> t.type().equals(type))
            .map(ChannelTraits::defaultLanguage)
            .findFirst()
            .orElse(null);

    private ChannelLanguages() {}
}
