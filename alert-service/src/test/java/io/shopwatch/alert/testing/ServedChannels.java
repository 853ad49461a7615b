package io.shopwatch.alert.testing;

import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.notify.WebhookNotifier;
import io.shopwatch.alert.notify.channel.DingTalkNotifier;
import io.shopwatch.alert.notify.channel.FeishuNotifier;
import io.shopwatch.alert.notify.channel.PagerDutyNotifier;
import io.shopwatch.alert.notify.channel.SlackNotifier;
import io.shopwatch.alert.notify.channel.WeComNotifier;
import io.shopwatch.alert.notify.email.EmailNotifier;
import io.shopwatch.alert.secrets.SecretRedactor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The channels this service serves, as their notifiers declare them, for tests that need what the registry knows. */
public final class ServedChannels {

    public static final List<ChannelTraits> TRAITS = List.of(
            WebhookNotifier.TRAITS,
            EmailNotifier.TRAITS,
            DingTalkNotifier.TRAITS,
            WeComNotifier.TRAITS,
            FeishuNotifier.TRAITS,
            SlackNotifier.TRAITS,
            PagerDutyNotifier.TRAITS);

    private ServedChannels() {}

    /** A notifier that only declares its traits (it accepts every setting and sends nothing). */
    public record Declared(ChannelTraits traits) implements Notifier {
        @Override
        public String type() {
            return traits.type();
        }

        @Override
        public void send(IntegrationConfig integration, Notification notification, Duration timeout) {}
    }

    /** A registry of the served channels' declarations, for parsing configurations that use them. */
    public static NotifierRegistry registry() {
        return new NotifierRegistry(TRAITS.stream().map(Declared::new).toList());
    }

    /** The secret redactor as the service builds it from the registry. */
    public static SecretRedactor redactor() {
        Map<String, Set<String>> secrets =
                TRAITS.stream().collect(Collectors.toMap(ChannelTraits::type, ChannelTraits::secretSettings));
        return new SecretRedactor(secrets);
    }
}
