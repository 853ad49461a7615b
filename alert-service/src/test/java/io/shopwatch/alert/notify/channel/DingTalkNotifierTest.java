package io.shopwatch.alert.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import io.shopwatch.alert.testing.ProviderStub.Answer;
import io.shopwatch.alert.testing.VirtualScheduler.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DingTalk robot against a real HTTP server: markdown with mentions, signing, errcodes in 200 answers. */
class DingTalkNotifierTest extends ChannelNotifierContract {

    @Override
    Notifier notifier(OutboundHttp http, MutableClock clock) {
        return new DingTalkNotifier(http, RENDERER, new ChannelRateLimits(clock), clock);
    }

    @Override
    IntegrationConfig integration(String url) {
        return new IntegrationConfig("dingtalk", 0, true, Map.of("url", url));
    }

    @Override
    Answer accepted() {
        return Answer.ok("{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @Override
    String pathAndQuery() {
        return "/robot/send?access_token=" + token();
    }

    @Test
    void send_postsMarkdownMentioningConfiguredAndOnCallMobiles() throws Exception {
        IntegrationConfig integration = new IntegrationConfig(
                "dingtalk", 0, true, Map.of("url", url(), "at_mobiles", List.of("13800001111"), "at_all", false));

        notifier(http, clock).send(integration, withExtras(), TIMEOUT);

        var request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/robot/send");
        assertThat(request.rawQuery()).isEqualTo("access_token=" + token());
        assertThat(request.header("Content-Type"))
                .startsWith("application/json")
                .containsIgnoringCase("utf-8");
        assertThat(json(request.body())).isEqualTo(json("""
                {"msgtype":"markdown",
                 "markdown":{"title":"[FIRING:1] HighErrorRate checkout",
                             "text":"#### [FIRING:1] HighErrorRate checkout\\n\\n**5xx ratio** 7.2% > 5%\\n\\n@13800001111 @13900001111"},
                 "at":{"atMobiles":["13800001111","13900001111"],"isAtAll":false}}
                """));
    }

    @Test
    void send_withoutMentions_postsEmptyAtAndKeepsAHeadingOfTheTemplate() throws Exception {
        MessageRenderer headed = (i, n, m) -> new MessageRenderer.Rendered("T", "### own heading\nbody");
        new DingTalkNotifier(http, headed, new ChannelRateLimits(clock), clock)
                .send(
                        new IntegrationConfig("dingtalk", 0, true, Map.of("url", url(), "at_all", true)),
                        firing(),
                        TIMEOUT);

        assertThat(json(stub.onlyRequest().body())).isEqualTo(json("""
                {"msgtype":"markdown","markdown":{"title":"T","text":"### own heading\\nbody"},
                 "at":{"atMobiles":[],"isAtAll":true}}
                """));
    }

    @Test
    void sign_matchesTheReferenceVector() {
        assertThat(DingTalkNotifier.sign(1700000000000L, "SEC0123456789abcdef"))
                .isEqualTo("TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=");
    }

    @Test
    void send_withSecret_appendsTimestampAndUrlEncodedSign() throws Exception {
        clock.set(Instant.ofEpochMilli(1700000000000L));
        IntegrationConfig integration =
                new IntegrationConfig("dingtalk", 0, true, Map.of("url", url(), "secret", "SEC0123456789abcdef"));

        notifier(http, clock).send(integration, firing(), TIMEOUT);

        assertThat(stub.onlyRequest().rawQuery())
                .isEqualTo("access_token=" + token()
                        + "&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
    }

    @Test
    void send_textOverTheBodyLimit_isCutToValidUtf8KeepingTheMentions() throws Exception {
        String longText = "告警".repeat(6000) + "END";
        MessageRenderer big = (i, n, m) -> new MessageRenderer.Rendered("T", longText);
        IntegrationConfig integration =
                new IntegrationConfig("dingtalk", 0, true, Map.of("url", url(), "at_mobiles", List.of("13800001111")));

        new DingTalkNotifier(http, big, new ChannelRateLimits(clock), clock).send(integration, firing(), TIMEOUT);

        byte[] body = stub.onlyRequest().body();
        assertThat(body.length)
                .isLessThanOrEqualTo(DingTalkNotifier.MAX_BODY_BYTES)
                .isGreaterThan(19_000);
        String strict = StandardCharsets.UTF_8
                .newDecoder()
                .decode(ByteBuffer.wrap(body))
                .toString(); // throws on a split character
        assertThat(strict).isNotEmpty();
        String text = json(body).get("markdown").get("text").asString();
        assertThat(text)
                .startsWith("#### T\n\n告警")
                .endsWith("…(truncated)\n\n@13800001111")
                .doesNotContain("END");
    }

    @Test
    void send_errcodeInAnOkAnswer_isFinalWithTheCode() {
        stub.answer(Answer.ok("{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isFalse();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.getMessage()).contains("errcode 310000 sign not match").doesNotContain(token());
        assertThat(e.providerAnswer()).hasValue("200 {\"errcode\":310000,\"errmsg\":\"sign not match\"}");
    }

    @Test
    void send_sendTooFast_isRetryableAfterTheTenMinuteBlock_andHoldsTheRobotBack() throws Exception {
        Notifier notifier = notifier(http, clock);
        stub.answer(Answer.ok("{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}"));

        DeliveryException e = failure(notifier, integration(url()), TIMEOUT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).hasValue(Duration.ofMinutes(10));
        assertThat(e.getMessage()).contains("130101");

        clock.set(T0.plusSeconds(60));
        DeliveryException held = failure(notifier, integration(url()), TIMEOUT);
        assertThat(held.retryable()).isTrue();
        assertThat(held.retryAfter()).hasValue(Duration.ofMinutes(9));
        assertThat(held.getMessage()).contains("rate limited locally");
        assertThat(stub.requests()).hasSize(1);

        clock.set(T0.plus(Duration.ofMinutes(10)));
        notifier.send(integration(url()), firing(), TIMEOUT);
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void send_systemBusy_isRetryable() {
        stub.answer(Answer.ok("{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}"));

        assertThat(failure(notifier(http, clock), integration(url()), TIMEOUT).retryable())
                .isTrue();
    }

    @Test
    void validate_reportsEachBadSetting() {
        Notifier notifier = notifier(http, clock);
        assertThat(notifier.validate(Map.of())).containsExactly("url must be configured");
        assertThat(notifier.validate(Map.of(
                        "url", "ftp://oapi.dingtalk.com/robot/send",
                        "at_mobiles", "13800001111",
                        "at_all", "sometimes")))
                .containsExactly(
                        "url must be an http or https URL",
                        "at_mobiles must be a list",
                        "at_all must be true or false");
        assertThat(notifier.validate(Map.of(
                        "url",
                        "https://oapi.dingtalk.com/robot/send?access_token=x",
                        "secret",
                        "SECabc",
                        "at_mobiles",
                        List.of("13800001111"),
                        "at_all",
                        true)))
                .isEmpty();
    }
}
