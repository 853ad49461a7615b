package io.shopwatch.alert.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.WebhookNotifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.testing.ProviderStub;
import io.shopwatch.alert.testing.ProviderStub.Answer;
import io.shopwatch.alert.testing.VirtualScheduler.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-robot token buckets on an injected clock: no sleeping, time moves by hand. */
class ChannelRateLimitsTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final String ROBOT = "https://oapi.dingtalk.com/robot/send?access_token=secret-token-1";
    static final String OTHER_ROBOT = "https://oapi.dingtalk.com/robot/send?access_token=secret-token-2";

    final MutableClock clock = new MutableClock(T0);
    final ChannelRateLimits limits = new ChannelRateLimits(clock);

    DeliveryException refused(ChannelTraits type, String url, int messages) {
        DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> limits.acquire(type, url, messages));
        assertThat(e).as("refused locally").isNotNull();
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("rate limited locally").doesNotContain("secret-token");
        return e;
    }

    @Test
    void dingTalk_21stSendInAMinute_isRefusedLocallyUntilTheNextToken() throws Exception {
        try (ProviderStub stub = new ProviderStub(Answer.ok("{\"errcode\":0,\"errmsg\":\"ok\"}"));
                OutboundHttp http = new OutboundHttp(new OutboundUrlPolicy(List.of("127.0.0.1")))) {
            DingTalkNotifier notifier = new DingTalkNotifier(http, ChannelNotifierContract.RENDERER, limits, clock);
            IntegrationConfig robot = new IntegrationConfig(
                    "dingtalk", 0, true, Map.of("url", stub.url("/robot/send?access_token=secret-token-1")));
            for (int i = 0; i < 20; i++) {
                notifier.send(robot, ChannelNotifierContract.firing(), Duration.ofSeconds(10));
            }

            DeliveryException e = catchThrowableOfType(
                    DeliveryException.class,
                    () -> notifier.send(robot, ChannelNotifierContract.firing(), Duration.ofSeconds(10)));

            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("rate limited locally").doesNotContain("secret-token");
            // 20 a minute come back one every 3 s
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(3));
            assertThat(stub.requests()).hasSize(20);

            clock.set(T0.plusMillis(2_999));
            assertThat(catchThrowableOfType(
                            DeliveryException.class,
                            () -> notifier.send(robot, ChannelNotifierContract.firing(), Duration.ofSeconds(10))))
                    .isNotNull();
            clock.set(T0.plusSeconds(3));
            notifier.send(robot, ChannelNotifierContract.firing(), Duration.ofSeconds(10));
            assertThat(stub.requests()).hasSize(21);
        }
    }

    @Test
    void dingTalk_afterABurst_oneSendEveryThreeSecondsIsNeverRefused() throws Exception {
        for (int i = 0; i < 20; i++) {
            limits.acquire(DingTalkNotifier.TRAITS, ROBOT, 1);
        }
        for (int i = 1; i <= 40; i++) {
            clock.set(T0.plusSeconds(3L * i));
            limits.acquire(DingTalkNotifier.TRAITS, ROBOT, 1);
        }
        assertThat(refused(DingTalkNotifier.TRAITS, ROBOT, 1).retryAfter()).hasValue(Duration.ofSeconds(3));
    }

    @Test
    void robots_haveTheirOwnBuckets() throws Exception {
        for (int i = 0; i < 20; i++) {
            limits.acquire(DingTalkNotifier.TRAITS, ROBOT, 1);
        }
        refused(DingTalkNotifier.TRAITS, ROBOT, 1);

        assertThatCode(() -> limits.acquire(DingTalkNotifier.TRAITS, OTHER_ROBOT, 1))
                .doesNotThrowAnyException();
        assertThatCode(() -> limits.acquire(WeComNotifier.TRAITS, ROBOT, 1)).doesNotThrowAnyException();
    }

    @Test
    void weCom_takesATokenPerMessage() throws Exception {
        for (int i = 0; i < 9; i++) {
            limits.acquire(WeComNotifier.TRAITS, ROBOT, 2);
        }
        limits.acquire(WeComNotifier.TRAITS, ROBOT, 1);
        // one token left: a markdown plus a mention does not fit, and nothing is taken
        assertThat(refused(WeComNotifier.TRAITS, ROBOT, 3).retryAfter()).hasValue(Duration.ofSeconds(6));
        limits.acquire(WeComNotifier.TRAITS, ROBOT, 1);
    }

    @Test
    void feishu_allowsFiveASecondAndAHundredAMinute() throws Exception {
        for (int i = 0; i < 5; i++) {
            limits.acquire(FeishuNotifier.TRAITS, ROBOT, 1);
        }
        assertThat(refused(FeishuNotifier.TRAITS, ROBOT, 1).retryAfter()).hasValue(Duration.ofMillis(200));

        // five a second drain the minute's bucket (100, refilled at 100 a minute) within the minute
        int sent = 0;
        DeliveryException minuteFull = null;
        for (int second = 1; second < 60 && minuteFull == null; second++) {
            clock.set(T0.plusSeconds(second));
            for (int i = 0; i < 5; i++) {
                try {
                    limits.acquire(FeishuNotifier.TRAITS, ROBOT, 1);
                    sent++;
                } catch (DeliveryException e) {
                    minuteFull = e;
                    break;
                }
            }
        }
        assertThat(minuteFull).isNotNull();
        assertThat(sent).isBetween(100, 160);
        assertThat(minuteFull.retryAfter())
                .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(600)));
    }

    @Test
    void slack_allowsAShortBurstThenOneASecond() throws Exception {
        for (int i = 0; i < 3; i++) {
            limits.acquire(SlackNotifier.TRAITS, ROBOT, 1);
        }
        assertThat(refused(SlackNotifier.TRAITS, ROBOT, 1).retryAfter()).hasValue(Duration.ofSeconds(1));
        clock.set(T0.plusSeconds(1));
        limits.acquire(SlackNotifier.TRAITS, ROBOT, 1);
        refused(SlackNotifier.TRAITS, ROBOT, 1);
    }

    @Test
    void unlimitedTypes_areNeverRefused() throws Exception {
        for (int i = 0; i < 1000; i++) {
            limits.acquire(PagerDutyNotifier.TRAITS, ROBOT, 1);
            limits.acquire(WebhookNotifier.TRAITS, ROBOT, 1);
        }
    }

    @Test
    void backOff_holdsTheRobotForTheProvidersWindow() throws Exception {
        limits.backOff(
                DingTalkNotifier.TRAITS,
                ROBOT,
                new DeliveryException("rate limited", true, 200, Duration.ofMinutes(10), "200 {\"errcode\":130101}"));

        assertThat(refused(DingTalkNotifier.TRAITS, ROBOT, 1).retryAfter()).hasValue(Duration.ofMinutes(10));
        clock.set(T0.plus(Duration.ofMinutes(10)));
        limits.acquire(DingTalkNotifier.TRAITS, ROBOT, 1);
    }

    @Test
    void backOff_ignoresFinalFailuresAndFailuresWithoutAWait() throws Exception {
        limits.backOff(DingTalkNotifier.TRAITS, ROBOT, new DeliveryException("sign not match", false, 200));
        limits.backOff(DingTalkNotifier.TRAITS, ROBOT, new DeliveryException("503", true, 503, null, "503"));

        limits.acquire(DingTalkNotifier.TRAITS, ROBOT, 1);
    }

    @Test
    void idleRobots_areForgottenWithoutChangingTheirLimit() throws Exception {
        for (int i = 0; i < 20; i++) {
            limits.acquire(DingTalkNotifier.TRAITS, ROBOT, 1);
        }
        clock.set(T0.plus(Duration.ofMinutes(5)));
        for (int i = 0; i < 20; i++) {
            limits.acquire(DingTalkNotifier.TRAITS, OTHER_ROBOT, 1);
        }
        for (int i = 0; i < 20; i++) {
            limits.acquire(DingTalkNotifier.TRAITS, ROBOT, 1);
        }
        refused(DingTalkNotifier.TRAITS, ROBOT, 1);
    }

    @Test
    void key_isTheTypeAndTheUrlsHash_neverTheUrl() {
        String key = ChannelRateLimits.key("dingtalk", ROBOT);

        assertThat(key).matches("dingtalk:[0-9a-f]{64}").doesNotContain("secret-token");
        assertThat(ChannelRateLimits.key("dingtalk", OTHER_ROBOT)).isNotEqualTo(key);
    }
}
