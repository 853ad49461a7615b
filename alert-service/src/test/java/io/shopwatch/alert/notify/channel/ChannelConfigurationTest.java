package io.shopwatch.alert.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** The channel configuration declares one notifier per channel and the rate limits, from the beans it is given. */
class ChannelConfigurationTest {

    @Test
    void context_registersTheFiveChannelsByType() throws Exception {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
                OutboundHttp http = new OutboundHttp(new OutboundUrlPolicy(List.of()))) {
            context.registerBean(OutboundHttp.class, () -> http);
            context.registerBean(MessageRenderer.class, () -> ChannelNotifierContract.RENDERER);
            context.registerBean(Clock.class, Clock::systemUTC);
            context.register(ChannelConfiguration.class);
            context.refresh();

            NotifierRegistry registry =
                    new NotifierRegistry(context.getBeansOfType(Notifier.class).values());
            assertThat(registry.types()).containsExactly("dingtalk", "feishu", "pagerduty", "slack", "wecom");
            assertThat(context.getBeanNamesForType(ChannelRateLimits.class)).containsExactly("channelRateLimits");
            assertThat(context.getBeansOfType(Notifier.class).keySet())
                    .containsExactlyInAnyOrder(
                            "dingTalkNotifier",
                            "weComNotifier",
                            "feishuNotifier",
                            "slackNotifier",
                            "pagerDutyNotifier");
        }
    }
}
