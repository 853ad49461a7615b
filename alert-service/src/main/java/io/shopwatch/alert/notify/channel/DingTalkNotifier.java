package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.ChannelTraits.RateLimit;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A DingTalk custom group robot ({@code dingtalk_configs}): one {@code markdown} message per notification.
 *
 * <p>Settings: {@code url} (the robot's webhook with its {@code access_token}), {@code secret} (the robot's
 * {@code SEC…} signing secret, optional), {@code at_mobiles} (mobiles to mention), {@code at_all}, and the
 * {@code title} / {@code text} templates the renderer reads. The on-call person's mobile joins {@code at_mobiles};
 * DingTalk only notifies a mentioned mobile that appears in the text, so {@code @<mobile>} is appended for each. The
 * markdown title shows only in the chat list, so the text starts with the title as a heading unless the rendered text
 * already starts with a heading. A body over 20000 bytes has its text cut (marked) to fit.
 *
 * <p>Signing: {@code &timestamp=<epoch ms>&sign=<url-encoded base64 HmacSHA256(key = secret, message = timestamp
 * + "\n" + secret)>} is appended to the URL. Errors come in HTTP 200 bodies ({@code errcode}); {@code 130101} (more
 * than 20 a minute: the robot is blocked for ten minutes) and HTTP 429 are retried after the provider's window.
 */
public final class DingTalkNotifier extends HttpChannelNotifier {

    static final String TYPE = "dingtalk";

    /** Its secrets, rate limits, digests and default language, for the registry. */
    public static final ChannelTraits TRAITS = ChannelTraits.of(TYPE)
            .withSecrets("url", "secret")
            .withRateLimits(new RateLimit(20, 20, Duration.ofMinutes(1)))
            .withDigests()
            .withDefaultLanguage("zh");

    static final int MAX_BODY_BYTES = 20_000;
    static final Duration BLOCKED_FOR = Duration.ofMinutes(10);

    private static final RobotAnswers ANSWERS =
            new RobotAnswers(TYPE, List.of("errcode"), List.of("errmsg"), 130101, BLOCKED_FOR, Set.of(-1L));

    private final MessageRenderer renderer;
    private final Clock clock;

    public DingTalkNotifier(OutboundHttp http, MessageRenderer renderer, ChannelRateLimits limits, Clock clock) {
        super(TRAITS, http, limits, ANSWERS);
        this.renderer = renderer;
        this.clock = clock;
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        ChannelSettings.checkUrl(settings, "url", true, problems);
        ChannelSettings.checkString(settings, "secret", problems);
        ChannelSettings.checkList(settings, "at_mobiles", problems);
        ChannelSettings.checkBoolean(settings, "at_all", problems);
        problems.addAll(renderer.validate(settings));
        return problems;
    }

    @Override
    List<byte[]> messages(IntegrationConfig integration, Notification notification) throws DeliveryException {
        return List.of(body(integration, notification));
    }

    @Override
    String target(String url, IntegrationConfig integration) {
        return signed(url, ChannelSettings.literal(integration, "secret"));
    }

    @Override
    String contentType() {
        return "application/json;charset=utf-8";
    }

    /** The markdown message, its text cut to keep the body within DingTalk's limit. */
    byte[] body(IntegrationConfig integration, Notification notification) throws DeliveryException {
        MessageRenderer.Rendered rendered = renderer.render(integration, notification, MessageRenderer.Markup.MARKDOWN);
        NotificationExtras.OnCall onCall = notification.extras().onCall();
        List<String> mobiles = ChannelSettings.union(
                ChannelSettings.strings(integration, "at_mobiles"), onCall == null ? null : onCall.mobile());
        boolean atAll = ChannelSettings.bool(integration, "at_all");
        String title = rendered.title() == null ? "" : rendered.title();
        String text = ChatText.withHeading(title, rendered.text());
        StringBuilder mentions = new StringBuilder();
        for (String mobile : mobiles) {
            mentions.append(mentions.isEmpty() ? "\n\n" : " ").append('@').append(mobile);
        }
        return Truncation.fit(TYPE, text, MAX_BODY_BYTES, t -> {
            Map<String, Object> markdown = new LinkedHashMap<>();
            markdown.put("title", title);
            markdown.put("text", t + mentions);
            Map<String, Object> at = new LinkedHashMap<>();
            at.put("atMobiles", mobiles);
            at.put("isAtAll", atAll);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("msgtype", "markdown");
            message.put("markdown", markdown);
            message.put("at", at);
            return JsonCodec.MAPPER.writeValueAsBytes(message);
        });
    }

    /** The webhook URL with {@code timestamp} and {@code sign} when the robot has a secret. */
    String signed(String url, String secret) {
        if (secret == null) {
            return url;
        }
        long timestamp = clock.millis();
        return url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
                + URLEncoder.encode(sign(timestamp, secret), StandardCharsets.UTF_8);
    }

    /** Base64 of HmacSHA256 keyed with the secret over {@code timestamp + "\n" + secret}. */
    static String sign(long timestampMillis, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
