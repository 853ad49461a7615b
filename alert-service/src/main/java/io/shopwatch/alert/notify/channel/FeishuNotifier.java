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
 * A Feishu / Lark custom bot ({@code feishu_configs}): an {@code interactive} card (JSON 2.0) per notification, its
 * header the title (red while firing, green when resolved), a markdown element with the text, and buttons that open
 * the acknowledgement link and the log search when the notification has them. A body over 20000 bytes has its text
 * cut (marked) to fit.
 *
 * <p>Settings: {@code url} (the bot's webhook), {@code secret} (optional), and the {@code title} / {@code text}
 * templates the renderer reads. Signing puts {@code "timestamp": "<epoch seconds>"} and {@code "sign": base64
 * HmacSHA256(key = timestamp + "\n" + secret, message = empty)} into the body (not URL-encoded).
 *
 * <p>Errors come in the body ({@code code}, or the legacy {@code StatusCode}), with HTTP 200 or 400; {@code 11232}
 * (frequency limited) and HTTP 429 are retried after 60 s, 5xx is retried, every other code ({@code 19021} sign or
 * time, {@code 19022} IP, {@code 19024} keyword, {@code 9499} bad request, …) is final.
 */
public final class FeishuNotifier extends HttpChannelNotifier {

    static final String TYPE = "feishu";

    /** Its secrets, rate limits, digests and default language, for the registry. */
    public static final ChannelTraits TRAITS = ChannelTraits.of(TYPE)
            .withSecrets("url", "secret")
            .withRateLimits(new RateLimit(100, 100, Duration.ofMinutes(1)), new RateLimit(5, 5, Duration.ofSeconds(1)))
            .withDigests()
            .withDefaultLanguage("zh");

    static final int MAX_BODY_BYTES = 20_000;

    private static final RobotAnswers ANSWERS = new RobotAnswers(
            TYPE,
            List.of("code", "StatusCode"),
            List.of("msg", "StatusMessage"),
            11232,
            Duration.ofSeconds(60),
            Set.of());

    private final MessageRenderer renderer;
    private final Clock clock;

    public FeishuNotifier(OutboundHttp http, MessageRenderer renderer, ChannelRateLimits limits, Clock clock) {
        super(TRAITS, http, limits, ANSWERS);
        this.renderer = renderer;
        this.clock = clock;
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        ChannelSettings.checkUrl(settings, "url", true, problems);
        ChannelSettings.checkString(settings, "secret", problems);
        problems.addAll(renderer.validate(settings));
        return problems;
    }

    @Override
    List<byte[]> messages(IntegrationConfig integration, Notification notification) throws DeliveryException {
        return List.of(body(integration, notification));
    }

    /** The signed card, its text cut to keep the body within Feishu's limit. */
    byte[] body(IntegrationConfig integration, Notification notification) throws DeliveryException {
        MessageRenderer.Rendered rendered = renderer.render(integration, notification, MessageRenderer.Markup.MARKDOWN);
        String secret = ChannelSettings.literal(integration, "secret");
        long timestamp = clock.instant().getEpochSecond();
        String sign = secret == null ? null : sign(timestamp, secret);
        String title = rendered.title() == null ? "" : rendered.title();
        String text = rendered.text() == null ? "" : rendered.text();
        NotificationExtras extras = notification.extras();
        return Truncation.fit(TYPE, text, MAX_BODY_BYTES, t -> {
            Map<String, Object> message = new LinkedHashMap<>();
            if (sign != null) {
                message.put("timestamp", Long.toString(timestamp));
                message.put("sign", sign);
            }
            message.put("msg_type", "interactive");
            message.put("card", card(title, t, notification.firing(), extras));
            return JsonCodec.MAPPER.writeValueAsBytes(message);
        });
    }

    private static Map<String, Object> card(String title, String text, boolean firing, NotificationExtras extras) {
        List<Map<String, Object>> elements = new ArrayList<>();
        elements.add(Map.of("tag", "markdown", "content", text));
        if (extras.ackUrl() != null) {
            elements.add(button(ChatText.ACK, extras.ackUrl(), "primary"));
        }
        if (extras.logSearchUrl() != null) {
            elements.add(button(ChatText.LOGS, extras.logSearchUrl(), "default"));
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("title", Map.of("tag", "plain_text", "content", title));
        header.put("template", firing ? "red" : "green");
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("schema", "2.0");
        card.put("header", header);
        card.put("body", Map.of("elements", elements));
        return card;
    }

    private static Map<String, Object> button(String label, String url, String style) {
        Map<String, Object> button = new LinkedHashMap<>();
        button.put("tag", "button");
        button.put("text", Map.of("tag", "plain_text", "content", label));
        button.put("type", style);
        button.put("behaviors", List.of(Map.of("type", "open_url", "default_url", url)));
        return button;
    }

    /** Base64 of HmacSHA256 keyed with {@code timestamp + "\n" + secret} over no bytes at all. */
    static String sign(long timestampSeconds, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = (timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
