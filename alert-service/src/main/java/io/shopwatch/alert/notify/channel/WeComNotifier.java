package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.ChannelTraits.RateLimit;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A WeCom (企业微信) group robot ({@code wecom_configs}): a {@code markdown} message per notification, and a second,
 * {@code text} message to mention people.
 *
 * <p>Settings: {@code url} (the robot's webhook with its {@code key}), {@code mentioned_mobiles} (mobiles to mention,
 * {@code @all} for everyone), and the {@code title} / {@code text} templates the renderer reads. Markdown has no
 * title field, so the content starts with the title as a heading unless the rendered text starts with a heading; it
 * is cut (marked) to 4096 UTF-8 bytes.
 *
 * <p>WeCom's markdown messages cannot mention by mobile ({@code <@userid>} needs WeCom user ids, which ShopWatch does
 * not know). So when {@code mentioned_mobiles} or the on-call person's mobile exist, the markdown is followed by a
 * {@code text} message carrying the title and {@code mentioned_mobile_list}: the details arrive as markdown, and the
 * mention notifies the people right below them. Both messages count against the robot's 20 a minute and their tokens
 * are taken together. If the mention fails after the markdown was accepted, the failure is reported as is; a retry
 * then repeats the markdown (delivery is at least once).
 *
 * <p>Errors come in HTTP 200 bodies ({@code errcode}); {@code 45009} (frequency limit) and HTTP 429 are retried after
 * 60 s; {@code -1} (system busy) and 5xx are retried; others ({@code 93000} invalid webhook URL, …) are final.
 */
public final class WeComNotifier extends HttpChannelNotifier {

    static final String TYPE = "wecom";

    /** Its secrets, rate limits, digests and default language, for the registry. */
    public static final ChannelTraits TRAITS = ChannelTraits.of(TYPE)
            .withSecrets("url")
            .withRateLimits(new RateLimit(20, 20, Duration.ofMinutes(1)))
            .withDigests()
            .withDefaultLanguage("zh");

    static final int MAX_MARKDOWN_BYTES = 4096;
    static final int MAX_TEXT_BYTES = 2048;

    private static final RobotAnswers ANSWERS =
            new RobotAnswers(TYPE, List.of("errcode"), List.of("errmsg"), 45009, Duration.ofSeconds(60), Set.of(-1L));

    private final MessageRenderer renderer;

    public WeComNotifier(OutboundHttp http, MessageRenderer renderer, ChannelRateLimits limits) {
        super(TRAITS, http, limits, ANSWERS);
        this.renderer = renderer;
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        ChannelSettings.checkUrl(settings, "url", true, problems);
        ChannelSettings.checkList(settings, "mentioned_mobiles", problems);
        problems.addAll(renderer.validate(settings));
        return problems;
    }

    @Override
    String contentType() {
        return "application/json";
    }

    /** The markdown message, then the mention when anyone is to be mentioned. */
    @Override
    List<byte[]> messages(IntegrationConfig integration, Notification notification) {
        MessageRenderer.Rendered rendered =
                renderer.render(integration, notification, MessageRenderer.Markup.WECOM_MARKDOWN);
        String title = rendered.title() == null ? "" : rendered.title();
        String content =
                Truncation.toBytes(ChatText.withHeading(title, rendered.text()), MAX_MARKDOWN_BYTES, Truncation.MARKER);
        List<byte[]> messages = new ArrayList<>();
        messages.add(JsonCodec.MAPPER.writeValueAsBytes(
                Map.of("msgtype", "markdown", "markdown", Map.of("content", content))));
        NotificationExtras.OnCall onCall = notification.extras().onCall();
        List<String> mobiles = ChannelSettings.union(
                ChannelSettings.strings(integration, "mentioned_mobiles"), onCall == null ? null : onCall.mobile());
        if (!mobiles.isEmpty()) {
            Map<String, Object> text = new LinkedHashMap<>();
            text.put("content", Truncation.toBytes(title, MAX_TEXT_BYTES, "…"));
            text.put("mentioned_mobile_list", mobiles);
            messages.add(JsonCodec.MAPPER.writeValueAsBytes(Map.of("msgtype", "text", "text", text)));
        }
        return messages;
    }
}
