package io.shopwatch.alert.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import io.shopwatch.alert.testing.ProviderStub.Answer;
import io.shopwatch.alert.testing.VirtualScheduler.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Feishu custom bot against a real HTTP server: the interactive card, signing in the body, codes in answers. */
class FeishuNotifierTest extends ChannelNotifierContract {

    @Override
    Notifier notifier(OutboundHttp http, MutableClock clock) {
        return new FeishuNotifier(http, RENDERER, new ChannelRateLimits(clock), clock);
    }

    @Override
    IntegrationConfig integration(String url) {
        return new IntegrationConfig("feishu", 0, true, Map.of("url", url));
    }

    @Override
    Answer accepted() {
        return Answer.ok("{\"code\":0,\"msg\":\"success\",\"data\":{}}");
    }

    @Override
    String pathAndQuery() {
        return "/open-apis/bot/v2/hook/" + token();
    }

    @Test
    void send_postsACardWithRedHeaderMarkdownAndLinkButtons() throws Exception {
        notifier(http, clock).send(integration(url()), withExtras(), TIMEOUT);

        var request = stub.onlyRequest();
        assertThat(request.path()).isEqualTo("/open-apis/bot/v2/hook/" + token());
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {"msg_type":"interactive",
                 "card":{"schema":"2.0",
                         "header":{"title":{"tag":"plain_text","content":"[FIRING:1] HighErrorRate checkout"},
                                   "template":"red"},
                         "body":{"elements":[
                           {"tag":"markdown","content":"**5xx ratio** 7.2% > 5%"},
                           {"tag":"button","text":{"tag":"plain_text","content":"Acknowledge"},"type":"primary",
                            "behaviors":[{"type":"open_url","default_url":"https://shopwatch.example/ack/g1?sig=abc"}]},
                           {"tag":"button","text":{"tag":"plain_text","content":"Search logs"},"type":"default",
                            "behaviors":[{"type":"open_url",
                                          "default_url":"https://shopwatch.example/logs?service=checkout"}]}]}}}
                """));
    }

    @Test
    void send_resolved_hasAGreenHeaderAndNoButtonsWithoutLinks() throws Exception {
        notifier(http, clock).send(integration(url()), resolved(), TIMEOUT);

        JsonNode card = json(stub.onlyRequest().body()).get("card");
        assertThat(card.get("header").get("template").asString()).isEqualTo("green");
        assertThat(card.get("body").get("elements")).hasSize(1);
    }

    @Test
    void sign_matchesTheReferenceVectors() {
        assertThat(FeishuNotifier.sign(1756800000L, "orbit-test-secret"))
                .isEqualTo("sN+9ZKa5w6BQmKyxCaxNA1DWEgtEnZaOcfEOCqZ26fg=");
        assertThat(FeishuNotifier.sign(1700000000L, "demo")).isEqualTo("8oT2n3SMKFfEnDoiwer8BUM/SjKLwe9SqoEIHlhDTKo=");
    }

    @Test
    void send_withSecret_putsTimestampInSecondsAndSignIntoTheBody() throws Exception {
        Notifier notifier = notifier(http, clock);
        IntegrationConfig integration =
                new IntegrationConfig("feishu", 0, true, Map.of("url", url(), "secret", "orbit-test-secret"));
        clock.set(Instant.ofEpochSecond(1756800000L));
        notifier.send(integration, firing(), TIMEOUT);
        clock.set(Instant.ofEpochSecond(1700000000L));
        notifier.send(
                new IntegrationConfig("feishu", 0, true, Map.of("url", url(), "secret", "demo")), firing(), TIMEOUT);

        JsonNode first = json(stub.requests().get(0).body());
        assertThat(first.get("timestamp").isString()).isTrue();
        assertThat(first.get("timestamp").asString()).isEqualTo("1756800000");
        assertThat(first.get("sign").asString()).isEqualTo("sN+9ZKa5w6BQmKyxCaxNA1DWEgtEnZaOcfEOCqZ26fg=");
        assertThat(first.get("msg_type").asString()).isEqualTo("interactive");
        JsonNode second = json(stub.requests().get(1).body());
        assertThat(second.get("timestamp").asString()).isEqualTo("1700000000");
        assertThat(second.get("sign").asString()).isEqualTo("8oT2n3SMKFfEnDoiwer8BUM/SjKLwe9SqoEIHlhDTKo=");
        assertThat(stub.requests().get(0).rawQuery()).isNull();
    }

    @Test
    void send_textOverTheBodyLimit_isCut() throws Exception {
        MessageRenderer big = (i, n, m) -> new MessageRenderer.Rendered("T", "延迟\n".repeat(8000));
        new FeishuNotifier(http, big, new ChannelRateLimits(clock), clock).send(integration(url()), firing(), TIMEOUT);

        byte[] body = stub.onlyRequest().body();
        assertThat(body.length)
                .isLessThanOrEqualTo(FeishuNotifier.MAX_BODY_BYTES)
                .isGreaterThan(19_000);
        String text = json(body)
                .get("card")
                .get("body")
                .get("elements")
                .get(0)
                .get("content")
                .asString();
        assertThat(text).startsWith("延迟\n").endsWith("…(truncated)");
    }

    @Test
    void send_codeInAnOkAnswer_isFinalWithTheCode() {
        stub.answer(Answer.ok(
                "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("code 19021 sign match fail").doesNotContain(token());
        assertThat(e.providerAnswer()).hasValueSatisfying(a -> assertThat(a).startsWith("200 {\"code\":19021"));
    }

    @Test
    void send_legacyStatusCode_isRead() {
        stub.answer(Answer.ok("{\"StatusCode\":19024,\"StatusMessage\":\"Key Words Not Found\"}"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("19024 Key Words Not Found");
    }

    @Test
    void send_frequencyLimited_isRetryableAfterAMinute_alsoOnA400() {
        stub.answer(
                Answer.ok("{\"code\":11232,\"msg\":\"frequency limited\"}"),
                Answer.of(400, "{\"code\":11232,\"msg\":\"frequency limited\"}"));

        DeliveryException in200 = failure(notifier(http, clock), integration(url()), TIMEOUT);
        DeliveryException in400 = failure(notifier(http, clock), integration(url()), TIMEOUT);

        for (DeliveryException e : List.of(in200, in400)) {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(60));
            assertThat(e.getMessage()).contains("11232");
        }
    }

    @Test
    void send_badRequest_isFinal() {
        stub.answer(Answer.of(400, "{\"code\":9499,\"msg\":\"Bad Request\"}"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("400").contains("code 9499 Bad Request");
    }

    @Test
    void validate_reportsEachBadSetting() {
        Notifier notifier = notifier(http, clock);
        assertThat(notifier.validate(Map.of())).containsExactly("url must be configured");
        assertThat(notifier.validate(Map.of("url", "https:///no-host", "secret", List.of("a"))))
                .containsExactly("url has no host", "secret must be a string");
    }
}
