package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The chat and paging channels: DingTalk, WeCom, Feishu, Slack and PagerDuty notifiers (found by the
 * {@code NotifierRegistry} through their {@code type()}), and the per-robot rate limits they share. Messages are
 * rendered by the {@link MessageRenderer} bean and leave through {@link OutboundHttp}.
 */
@Configuration(proxyBeanMethods = false)
public class ChannelConfiguration {

    @Bean
    ChannelRateLimits channelRateLimits(Clock clock) {
        return new ChannelRateLimits(clock);
    }

    @Bean
    DingTalkNotifier dingTalkNotifier(
            OutboundHttp http, MessageRenderer renderer, ChannelRateLimits channelRateLimits, Clock clock) {
        return new DingTalkNotifier(http, renderer, channelRateLimits, clock);
    }

    @Bean
    WeComNotifier weComNotifier(OutboundHttp http, MessageRenderer renderer, ChannelRateLimits channelRateLimits) {
        return new WeComNotifier(http, renderer, channelRateLimits);
    }

    @Bean
    FeishuNotifier feishuNotifier(
            OutboundHttp http, MessageRenderer renderer, ChannelRateLimits channelRateLimits, Clock clock) {
        return new FeishuNotifier(http, renderer, channelRateLimits, clock);
    }

    @Bean
    SlackNotifier slackNotifier(OutboundHttp http, MessageRenderer renderer, ChannelRateLimits channelRateLimits) {
        return new SlackNotifier(http, renderer, channelRateLimits);
    }

    @Bean
    PagerDutyNotifier pagerDutyNotifier(
            OutboundHttp http, MessageRenderer renderer, ChannelRateLimits channelRateLimits) {
        return new PagerDutyNotifier(http, renderer, channelRateLimits);
    }
}
